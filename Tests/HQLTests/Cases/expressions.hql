-- Expressions: operators, precedence and the minimal parentheses the printer keeps.

SELECT a FROM x WHERE a = 1;
SELECT a FROM x WHERE a == 1;
-- canonical: SELECT a FROM x WHERE a = 1
SELECT a FROM x WHERE a != 1;
SELECT a FROM x WHERE a <> 1;
-- canonical: SELECT a FROM x WHERE a != 1
SELECT a FROM x WHERE a < 1 AND b <= 2 AND c > 3 AND d >= 4;
SELECT a FROM x WHERE a = 1 OR b = 2 AND c = 3;
SELECT a FROM x WHERE (a = 1 OR b = 2) AND c = 3;
SELECT a FROM x WHERE a = 1 OR (b = 2 AND c = 3);
-- canonical: SELECT a FROM x WHERE a = 1 OR b = 2 AND c = 3
SELECT a FROM x WHERE ((a = 1));
-- canonical: SELECT a FROM x WHERE a = 1
SELECT a FROM x WHERE a = 1 AND (b = 2 AND c = 3);
-- canonical: SELECT a FROM x WHERE a = 1 AND b = 2 AND c = 3
SELECT a FROM x WHERE (a = 1 OR b = 2) OR (c = 3 OR d = 4);
-- canonical: SELECT a FROM x WHERE a = 1 OR b = 2 OR c = 3 OR d = 4
SELECT a FROM x WHERE NOT a = 1;
SELECT a FROM x WHERE NOT (a = 1 AND b = 2);
SELECT a FROM x WHERE NOT a = 1 AND b = 2;
SELECT a FROM x WHERE NOT NOT a = 1;
SELECT a FROM x WHERE NOT (a = 1) OR NOT (b = 2);
-- canonical: SELECT a FROM x WHERE NOT a = 1 OR NOT b = 2
SELECT a FROM x WHERE a IN (1, 2, 3);
SELECT a FROM x WHERE a NOT IN ('x', 'y');
SELECT a FROM x WHERE a IN (?, ?, :third);
SELECT a FROM x WHERE a BETWEEN 1 AND 10;
SELECT a FROM x WHERE a NOT BETWEEN 1 AND 10 AND b = 1;
SELECT a FROM x WHERE a BETWEEN 1 + 1 AND 10 * 2;
SELECT a FROM x WHERE a IS NULL;
SELECT a FROM x WHERE a IS NOT NULL OR b IS NULL;
SELECT a FROM x WHERE email LIKE '%@example.com';
SELECT a FROM x WHERE email NOT LIKE 'test_%';
SELECT a FROM x WHERE firstname LIKE 'Ana%';
SELECT a FROM x WHERE email CONTAINS '*@example.com';
SELECT a FROM x WHERE jobtitle NOT CONTAINS 'intern';
SELECT a FROM x WHERE a + 1 > b * 2;
SELECT a FROM x WHERE (a + 1) * 2 > b;
SELECT a FROM x WHERE a - b - c > 0;
SELECT a FROM x WHERE a - (b - c) > 0;
SELECT a FROM x WHERE a / b / c > 0;
SELECT a FROM x WHERE a / (b * c) > 0;
SELECT a FROM x WHERE -a < -1;
SELECT a FROM x WHERE - -a = 1;
-- canonical: SELECT a FROM x WHERE -(-a) = 1
SELECT a FROM x WHERE +a = 1;
SELECT a FROM x WHERE -(a + b) = 1;
SELECT a FROM x WHERE (a = 1) = TRUE;
SELECT a FROM x WHERE flag = TRUE AND other = FALSE;
SELECT a FROM x WHERE a = NULL;
SELECT a FROM x WHERE (a IS NULL) IS NOT NULL;
SELECT a FROM x WHERE a IN (SELECT b FROM y WHERE c = 1) AND d = 2;
SELECT a FROM x WHERE a IN (SELECT b FROM y WHERE c IN (SELECT d FROM z));
SELECT a FROM x WHERE a > (SELECT AVG(b) FROM y WHERE c = 1) AND NOT d = (SELECT MAX(d) FROM z);
SELECT a FROM x WHERE (SELECT MIN(b) FROM y) <= a;
SELECT a / (SELECT SUM(a) FROM x) AS share, CASE WHEN a > (SELECT AVG(a) FROM x) THEN 'high' END FROM x;
SELECT b, COUNT(*) FROM x GROUP BY b HAVING COUNT(*) * 10 > (SELECT COUNT(*) FROM x WHERE c IN (SELECT c FROM y));
SELECT a FROM x WHERE a.b.c = 1;
SELECT a FROM x WHERE "odd name" = 1;
SELECT a FROM x WHERE "today" = 1;
SELECT a FROM x WHERE today.x = 1;
SELECT a FROM x WHERE last = 1 AND next = 2;
SELECT a FROM x ORDER BY last;
SELECT a FROM x WHERE type = 'PARTNER' AND label = 'x' AND count = 3;
SELECT a FROM x WHERE date = DATE '2024-01-01';
SELECT COUNT(*) * 2, SUM(amount) / COUNT(*) FROM deals;
SELECT a FROM x WHERE a = 1 AND b = 2 OR c = 3 AND d = 4 OR NOT e = 5;
SELECT a FROM x WHERE ((a = 1 OR b = 2) AND (c = 3 OR d = 4)) OR e = 5;
SELECT a FROM x WHERE a IN (1) OR a NOT IN (2) AND a BETWEEN 3 AND 4 OR a IS NULL;
SELECT a FROM x WHERE a = 1.5e3 AND b = .25 AND c = 007;
SELECT a FROM x WHERE a = 'it''s' AND b = '';
SELECT a FROM x WHERE a = 'ünïcödé ✓' AND b = '日本';

-- Computed expressions: ||, %, CASE, CAST and ::, ILIKE, SQL's keyword-argument calls.
SELECT a || ' ' || b FROM x;
SELECT a || b + 1 FROM x;
SELECT (a || b) || c FROM x;
-- canonical: SELECT a || b || c FROM x
SELECT a % 7, a * b % c FROM x;
SELECT CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END AS size FROM x;
SELECT CASE a WHEN 1 THEN 'one' END FROM x;
SELECT CAST(a AS INTEGER) FROM x;
SELECT a::text FROM x;
-- canonical: SELECT CAST(a AS TEXT) FROM x
SELECT -a::number FROM x;
-- canonical: SELECT -CAST(a AS NUMBER) FROM x
SELECT a FROM x WHERE a ILIKE '%x%' AND b NOT ILIKE 'y%';
SELECT EXTRACT(YEAR FROM createdate) FROM x;
-- canonical: SELECT DATE_PART('year', createdate) FROM x
SELECT POSITION('@' IN email), SUBSTRING(email FROM 2 FOR 3), SUBSTRING(email, 2) FROM x;
-- canonical: SELECT POSITION('@', email), SUBSTRING(email, 2, 3), SUBSTRING(email, 2) FROM x
SELECT LEFT(email, 3) FROM x LEFT JOIN y ON ASSOCIATED;
SELECT DATE_TRUNC('month', closedate) AS month, COUNT(*) FROM deals GROUP BY 1 ORDER BY 2 DESC;
