-- Stale leads: leads nobody has touched for 30 days, oldest first, with their company.
SELECT email, firstname, lastname, companies.name AS company, lastmodifieddate
FROM contacts
WHERE lifecyclestage = 'lead'
  AND lastmodifieddate < NOW() - INTERVAL '30 days'
ORDER BY lastmodifieddate ASC
LIMIT 200;
