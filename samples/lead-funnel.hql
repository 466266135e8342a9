-- Lead funnel: how many contacts sit in each lifecycle stage, how many leads are new this
-- quarter, and the freshest leads from one e-mail domain.
SELECT lifecyclestage, COUNT(*) AS contacts
FROM contacts
GROUP BY lifecyclestage;

SELECT COUNT(*)
FROM contacts
WHERE lifecyclestage = 'lead' AND createdate = THIS_QUARTER;

SELECT email, firstname, lastname, hs_lead_status, createdate
FROM contacts
WHERE (lifecyclestage IN ('lead', 'opportunity') OR hs_lead_status = 'NEW')
  AND createdate >= LAST 90 DAYS
  AND email CONTAINS '*@outlook.com'
ORDER BY createdate DESC
LIMIT 50;
