-- Data quality: contacts a sales team cannot work with.
-- Leads nobody has qualified, contacts with no phone, and e-mails that are not addresses.
SELECT COUNT(*) AS unqualified_leads
FROM contacts
WHERE lifecyclestage = 'lead' AND hs_lead_status IS NULL;

SELECT COUNT(*) AS no_phone FROM contacts WHERE phone IS NULL AND mobilephone IS NULL;

SELECT hs_object_id, email, firstname, lastname
FROM contacts
WHERE email IS NOT NULL AND email NOT LIKE '%@%.%'
ORDER BY hs_object_id
LIMIT 25;
