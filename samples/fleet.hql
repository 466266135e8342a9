-- A custom object: the vehicle fleet by make, with mileage figures.
SELECT make, COUNT(*) AS vehicles, AVG(mileage) AS average_mileage, MAX(year) AS newest
FROM vehicles
GROUP BY make
ORDER BY vehicles DESC, make;
