-- Find people: HubSpot's full-text search over names, e-mails and phone numbers, narrowed by
-- stage, and the same person by exact e-mail (a search filter, case-insensitive).
SELECT email, firstname, lastname, lifecyclestage
FROM contacts
WHERE SEARCH 'johansson'
  AND lifecyclestage IN ('lead', 'customer')
ORDER BY lastname
LIMIT 10;

SELECT hs_object_id, email, jobtitle, country
FROM contacts
WHERE email = 'JONAS.JOHANSSON@OUTLOOK.COM';
