-- Writes: parsed and printed now, executed by the writes issue.

INSERT INTO contacts (email, firstname) VALUES ('ana@example.com', 'Ana');
INSERT INTO contacts (email, firstname, lastname) VALUES ('a@x.com', 'A', 'One'), ('b@x.com', 'B', 'Two');
INSERT INTO contacts (email) VALUES ('c@x.com') RETURNING id, email;
INSERT INTO contacts (email) VALUES ('d@x.com') RETURNING *;
INSERT INTO deals (dealname, amount, closedate) VALUES ('Big one', 50000, 2025-03-31);
INSERT INTO contacts (email, firstname) VALUES (?, ?);
INSERT INTO contacts (email, firstname) VALUES (:email, :first);
INSERT INTO "2-1234567" (name) VALUES ('Rex');
UPSERT INTO contacts (email, firstname) VALUES ('ana@example.com', 'Ana') ON (email);
UPSERT INTO contacts (email, lifecyclestage) VALUES ('a@x.com', 'lead'), ('b@x.com', 'customer') ON (email) RETURNING id;
UPDATE contacts SET lifecyclestage = 'customer' WHERE email = 'ana@example.com';
UPDATE contacts SET firstname = 'Ana', lastname = 'Silva' WHERE id = 101;
UPDATE deals SET amount = amount * 1.1 WHERE dealstage = 'appointmentscheduled' AND closedate < NEXT_MONTH;
UPDATE contacts SET hs_lead_status = '' WHERE hs_lead_status = 'BAD_TIMING' RETURNING id, hs_lead_status;
UPDATE contacts SET phone = NULL;
UPDATE tickets
SET hs_ticket_priority = 'HIGH'
WHERE subject CONTAINS 'outage';
-- canonical: UPDATE tickets SET hs_ticket_priority = 'HIGH' WHERE subject CONTAINS 'outage'
DELETE FROM contacts WHERE email LIKE '%@test.invalid';
DELETE FROM contacts WHERE id IN (1, 2, 3);
DELETE FROM deals;
ASSOCIATE contacts 101 WITH companies 202;
ASSOCIATE contacts 101 WITH companies 202 LABEL 'Primary';
ASSOCIATE deals 5 WITH contacts 7 TYPE 3;
ASSOCIATE contacts '101' WITH companies '202';
ASSOCIATE contacts ? WITH companies ?;
ASSOCIATE contacts :contact WITH companies :company LABEL 'Billing contact';
DISSOCIATE contacts 101 FROM companies 202;
DISSOCIATE contacts 101 FROM companies 202 TYPE 279;
DISSOCIATE deals 5 FROM line_items 9 LABEL 'x';
