-- Export every contact created in the last five years: well past search's 10,000-result ceiling.
-- Run with: hql --demo --format csv --output contacts.csv samples/export-all-contacts.hql
SELECT hs_object_id, email, firstname, lastname, lifecyclestage, createdate
FROM contacts
WHERE createdate >= LAST 5 YEARS
ORDER BY hs_object_id;
