-- Won deals this year by owner: owners who closed more than 300,000, best first.
SELECT hubspot_owner_id AS owner, COUNT(*) AS won, SUM(amount) AS revenue, MAX(amount) AS biggest
FROM deals
WHERE dealstage = 'closedwon'
  AND closedate = THIS_YEAR
GROUP BY hubspot_owner_id
HAVING SUM(amount) > 300000
ORDER BY revenue DESC;
