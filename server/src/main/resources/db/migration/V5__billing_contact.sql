-- The organization's billing contact, printed on its invoices (issue 9). Portable SQL, as in V1.
-- NULL until an operator sets it. Lengths leave room for the embedded database, which counts UTF-16
-- units: the rules (orgs.BillingContactRules) count code points.
ALTER TABLE organizations ADD COLUMN billing_name VARCHAR(400);
ALTER TABLE organizations ADD COLUMN billing_address VARCHAR(2000);
ALTER TABLE organizations ADD COLUMN billing_email VARCHAR(640);
