-- Pipeline report: open deals by stage, with their total and average amount.
SELECT LABEL(dealstage) AS stage, COUNT(*) AS deals, SUM(amount) AS total, AVG(amount) AS average
FROM deals
WHERE pipeline = 'default'
  AND dealstage NOT IN ('closedwon', 'closedlost')
GROUP BY dealstage
ORDER BY total DESC;
