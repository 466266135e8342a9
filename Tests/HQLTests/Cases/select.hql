-- SELECT forms. Each statement must round-trip: parse(print(ast)) == ast, printing is idempotent.
-- A `-- canonical:` line gives the exact one-line canonical form of the statement before it.

SELECT email FROM contacts;
SELECT * FROM contacts;
-- canonical: SELECT * FROM contacts
select email, firstname, lastname from contacts;
-- canonical: SELECT email, firstname, lastname FROM contacts
SELECT DISTINCT lifecyclestage FROM contacts;
SELECT c.* FROM contacts AS c;
SELECT c.email, c.firstname FROM contacts c;
-- canonical: SELECT c.email, c.firstname FROM contacts AS c
SELECT email AS e, firstname "First Name" FROM contacts;
-- canonical: SELECT email AS e, firstname AS "First Name" FROM contacts
SELECT email, companies.name FROM contacts;
SELECT email, contacts.companies.domain FROM contacts;
SELECT dealname, companies.name, contacts.email FROM deals;
SELECT name, domain FROM companies ORDER BY name;
SELECT name FROM companies ORDER BY name ASC;
SELECT name FROM companies ORDER BY name DESC NULLS LAST;
SELECT name FROM companies ORDER BY annualrevenue DESC NULLS FIRST, name ASC;
SELECT email FROM contacts LIMIT 10;
SELECT email FROM contacts LIMIT 10 OFFSET 20;
SELECT email FROM contacts ORDER BY createdate DESC LIMIT 500;
SELECT email FROM contacts LIMIT ? OFFSET ?;
SELECT email FROM contacts LIMIT :page_size OFFSET :skip;
SELECT email FROM "contacts";
-- canonical: SELECT email FROM contacts
SELECT "email" FROM contacts;
-- canonical: SELECT email FROM contacts
SELECT "from", "order" FROM contacts;
-- canonical: SELECT "from", "order" FROM contacts
SELECT "my ""odd"" property" FROM contacts;
SELECT type, label, name, domain FROM companies;
SELECT hs_object_id FROM "2-1234567";
SELECT hs_object_id FROM 2-1234567;
-- canonical: SELECT hs_object_id FROM "2-1234567"
SELECT name FROM pets;
SELECT name FROM p_cars WHERE hs_createdate > YESTERDAY;
SELECT COUNT(*) FROM contacts;
SELECT count(*) FROM contacts WHERE lifecyclestage = 'lead';
-- canonical: SELECT COUNT(*) FROM contacts WHERE lifecyclestage = 'lead'
SELECT COUNT(email), COUNT(DISTINCT company) FROM contacts;
SELECT SUM(amount), AVG(amount), MIN(amount), MAX(amount) FROM deals;
SELECT dealstage, COUNT(*) FROM deals GROUP BY dealstage;
SELECT LABEL(dealstage), COUNT(*) AS n FROM deals GROUP BY dealstage ORDER BY n DESC;
SELECT lifecyclestage, COUNT(*) FROM contacts GROUP BY lifecyclestage HAVING COUNT(*) > 100;
SELECT hubspot_owner_id, pipeline, SUM(amount) AS total FROM deals GROUP BY hubspot_owner_id, pipeline HAVING SUM(amount) >= 10000 ORDER BY total DESC LIMIT 20;
SELECT email, companies.name FROM contacts JOIN companies ON ASSOCIATED;
SELECT c.email, co.name FROM contacts AS c JOIN companies AS co ON ASSOCIATED;
SELECT c.email, co.name FROM contacts c INNER JOIN companies co ON ASSOCIATED;
-- canonical: SELECT c.email, co.name FROM contacts AS c JOIN companies AS co ON ASSOCIATED
SELECT c.email, co.name FROM contacts c LEFT JOIN companies co ON ASSOCIATED;
-- canonical: SELECT c.email, co.name FROM contacts AS c LEFT JOIN companies AS co ON ASSOCIATED
SELECT c.email, co.name FROM contacts c JOIN companies co ON ASSOCIATED WITH LABEL 'Primary';
SELECT d.dealname, c.email FROM deals d JOIN contacts c ON ASSOCIATED WITH TYPE 3;
SELECT d.dealname, c.email, co.name FROM deals d JOIN contacts c ON ASSOCIATED JOIN companies co ON ASSOCIATED WITH LABEL 'Decision maker';
SELECT d.dealname, t.subject FROM deals d LEFT JOIN tickets t ON ASSOCIATED WHERE d.amount > 1000 ORDER BY d.amount DESC LIMIT 10;
SELECT email FROM contacts WHERE companies.industry = 'SOFTWARE';
SELECT email FROM contacts WHERE contacts.companies.domain CONTAINS 'acme';
SELECT email FROM contacts WHERE id IN (SELECT contacts.id FROM companies WHERE industry = 'SOFTWARE');
SELECT email FROM contacts WHERE hs_object_id NOT IN (SELECT contacts.hs_object_id FROM deals WHERE dealstage = 'closedlost');
SELECT email, firstname, companies.name FROM contacts WHERE (lifecyclestage IN ('lead', 'opportunity') OR hs_lead_status = 'NEW') AND createdate >= LAST 90 DAYS ORDER BY createdate DESC LIMIT 500;
SELECT
  email,          -- the address
  firstname       /* given name */
FROM contacts
WHERE lifecyclestage = 'customer';
-- canonical: SELECT email, firstname FROM contacts WHERE lifecyclestage = 'customer'
SELECT email FROM contacts /* outer /* nested */ still a comment */ WHERE email IS NOT NULL;
-- canonical: SELECT email FROM contacts WHERE email IS NOT NULL
SELECT email FROM contacts WHERE SEARCH 'acme';
SELECT email FROM contacts WHERE SEARCH 'ana' AND lifecyclestage = 'lead';
SELECT email FROM contacts WHERE SEARCH ?;
SELECT dealname FROM deals WHERE closedate BETWEEN THIS_QUARTER AND NEXT_QUARTER ORDER BY closedate;
SELECT dealname, amount FROM deals WHERE amount BETWEEN 1000 AND 5000 AND pipeline = 'default';
SELECT subject FROM tickets WHERE hs_ticket_priority = 'HIGH' ORDER BY createdate DESC;
SELECT name, price FROM products WHERE price > 99.5;
SELECT quantity, amount FROM line_items WHERE deals.dealstage = 'closedwon';
SELECT email FROM contact;
SELECT email FROM CONTACT;
SELECT email FROM "0-1";
SELECT DISTINCT companies.industry FROM contacts WHERE lifecyclestage = 'customer' ORDER BY companies.industry;
SELECT email, LABEL(lifecyclestage) AS stage FROM contacts;
SELECT email FROM contacts WHERE hubspot_owner_id = OWNER('ana@example.com');
SELECT email FROM contacts WHERE createdate > NOW() - INTERVAL '7 days';
SELECT email FROM contacts ORDER BY LOWER(email) LIMIT 5;

-- Common table expressions and queries in FROM.
WITH won AS (SELECT dealname, amount FROM deals WHERE dealstage = 'closedwon') SELECT COUNT(*) FROM won;
with a as (select x from y), b as (select z from w) select * from a;
-- canonical: WITH a AS (SELECT x FROM y), b AS (SELECT z FROM w) SELECT * FROM a
SELECT status, COUNT(*) FROM (SELECT COALESCE(hs_lead_status, 'none') AS status FROM contacts) AS t GROUP BY status;
SELECT * FROM (SELECT email FROM contacts) t;
-- canonical: SELECT * FROM (SELECT email FROM contacts) AS t
SELECT email, archivedAt FROM contacts ARCHIVED WHERE email LIKE '%a%';
SELECT c.email FROM contacts archived AS c;
-- canonical: SELECT c.email FROM contacts ARCHIVED AS c
SELECT email FROM contacts WHERE IN LIST 'Newsletter' AND lifecyclestage = 'lead';
-- canonical: SELECT email FROM contacts WHERE hs_object_id IN LIST 'Newsletter' AND lifecyclestage = 'lead'
SELECT email FROM contacts WHERE NOT IN LIST '42';
-- canonical: SELECT email FROM contacts WHERE hs_object_id NOT IN LIST '42'
select email, count(*) from list 'Newsletter' n where n.lifecyclestage = 'lead' group by email order by 2 desc limit 5;
-- canonical: SELECT email, COUNT(*) FROM LIST 'Newsletter' AS n WHERE n.lifecyclestage = 'lead' GROUP BY email ORDER BY 2 DESC LIMIT 5
SELECT COUNT(*) FROM LIST '7';
SELECT email FROM contacts WHERE country IN (SELECT country FROM LIST 'Customers');
