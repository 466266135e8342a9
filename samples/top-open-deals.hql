-- The twenty biggest open deals, with their stage's label and how soon they close.
SELECT dealname, amount, LABEL(dealstage) AS stage, closedate
FROM deals
WHERE pipeline = 'default'
  AND dealstage NOT IN ('closedwon', 'closedlost')
  AND amount IS NOT NULL
ORDER BY amount DESC
LIMIT 20;
