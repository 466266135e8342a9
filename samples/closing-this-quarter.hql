-- Deals closing this quarter, by owner.
SELECT hubspot_owner_id, COUNT(*) AS deals, SUM(amount) AS amount
FROM deals
WHERE closedate = THIS_QUARTER
  AND dealstage NOT IN ('closedwon', 'closedlost')
GROUP BY hubspot_owner_id
ORDER BY amount DESC;
