-- Open tickets by priority.
SELECT hs_ticket_priority, COUNT(*) AS tickets
FROM tickets
WHERE hs_pipeline_stage != '4'
GROUP BY hs_ticket_priority;
