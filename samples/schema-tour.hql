-- A tour of the portal's schema: the objects, the deal properties, the deal stages.
SHOW OBJECTS;

SHOW PROPERTIES FROM deals LIKE 'deal%';

SHOW PIPELINES FROM deals;
