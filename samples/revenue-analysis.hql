-- Computing on the CRM: revenue per quarter (counted by HubSpot bucket by bucket when cheaper),
-- commissions, deal sizes, and a WITH query whose rows feed another on the client.

-- Revenue won per quarter of 2025.
SELECT DATE_TRUNC('quarter', closedate) AS quarter, COUNT(*) AS deals, SUM(amount) AS revenue,
       ROUND(SUM(amount) / COUNT(*), 2) AS average
FROM deals
WHERE dealstage = 'closedwon' AND EXTRACT(YEAR FROM closedate) = 2025
GROUP BY 1
ORDER BY 1;

-- The ten largest commissions (20%): HubSpot sorts by amount, one request.
SELECT dealname, amount, amount * 0.2 AS commission
FROM deals
ORDER BY 3 DESC
LIMIT 10;

-- Deal sizes, as a CASE.
SELECT CASE WHEN amount >= 100000 THEN 'large' WHEN amount >= 20000 THEN 'medium' ELSE 'small' END AS size,
       COUNT(*) AS deals
FROM deals
GROUP BY size
ORDER BY 2 DESC;

-- Lead status of the leads, NULLs named; then only the busy statuses.
WITH statuses AS (
  SELECT COALESCE(hs_lead_status, 'none') AS status FROM contacts WHERE lifecyclestage = 'lead'
)
SELECT status, COUNT(*) AS leads FROM statuses GROUP BY status HAVING COUNT(*) > 400 ORDER BY 2 DESC;
