-- A script: several statements, empty statements, the last without ';'.
;;
SELECT email FROM contacts LIMIT 1;;
SHOW OBJECTS;
DESCRIBE deals
