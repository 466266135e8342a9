-- Urgent and high-priority tickets opened in the last 30 days, newest first, by category.
SELECT hs_ticket_category AS category, hs_ticket_priority AS priority, COUNT(*) AS tickets
FROM tickets
WHERE hs_ticket_priority IN ('URGENT', 'HIGH')
  AND createdate >= LAST 30 DAYS
GROUP BY hs_ticket_category, hs_ticket_priority
ORDER BY tickets DESC;

SELECT subject, hs_ticket_priority AS priority, LABEL(hs_pipeline_stage) AS stage, createdate
FROM tickets
WHERE hs_ticket_priority = 'URGENT'
  AND createdate >= LAST 30 DAYS
ORDER BY createdate DESC
LIMIT 10;
