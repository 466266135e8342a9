-- The statements other than SELECT.

EXPLAIN SELECT email FROM contacts WHERE lifecyclestage = 'lead';
EXPLAIN SELECT COUNT(*) FROM contacts;
explain select dealstage, count(*) from deals group by dealstage;
-- canonical: EXPLAIN SELECT dealstage, COUNT(*) FROM deals GROUP BY dealstage
EXPLAIN UPDATE contacts SET lifecyclestage = 'customer' WHERE email = 'a@b.com';
SHOW OBJECTS;
show objects;
-- canonical: SHOW OBJECTS
SHOW OWNERS;
SHOW LISTS;
show lists like 'news%';
-- canonical: SHOW LISTS LIKE 'news%'
SHOW PROPERTIES FROM contacts;
SHOW PROPERTIES FROM contacts LIKE 'hs_%';
SHOW PROPERTIES FROM "2-1234567";
SHOW ASSOCIATIONS FROM deals;
SHOW PIPELINES FROM deals;
SHOW PIPELINES FROM tickets;
DESCRIBE contacts;
describe companies;
-- canonical: DESCRIBE companies
DESCRIBE 2-1234567;
-- canonical: DESCRIBE "2-1234567"
SET timezone = 'Europe/Paris';
SET TIMEZONE TO 'America/New_York';
-- canonical: SET TIMEZONE = 'America/New_York'
SET max_requests = 500;
SET page_size = 200;
SET strict = TRUE;
SET output = json;

-- EXPLAIN ANALYZE runs the statement; ANALYZE stays a name elsewhere.
EXPLAIN ANALYZE SELECT email FROM contacts;
explain analyze with t as (select email from contacts) select * from t;
-- canonical: EXPLAIN ANALYZE WITH t AS (SELECT email FROM contacts) SELECT * FROM t
SELECT analyze FROM x;
