-- Contacts of companies in the software industry, through the contact→company association.
SELECT c.email, c.jobtitle, co.name AS company, co.domain
FROM contacts AS c
JOIN companies AS co ON ASSOCIATED
WHERE co.industry = 'COMPUTER_SOFTWARE'
ORDER BY co.name;
