-- Money integrity (docs/billing-model.md, "Three outcomes"). Portable SQL, as in V1.

-- The first month an organization is billed for; NULL means the month it was created in.
ALTER TABLE organizations ADD COLUMN billing_start DATE;

-- Event ids are unique per organization, not across them, and each remembers a fingerprint of what
-- was accepted (cluster, SKU, quantity, timestamp), so a reused id with other content is a conflict,
-- never a duplicate. Rows from before this migration have no fingerprint and count as identical.
CREATE TABLE usage_events_by_organization (
  organization_id  VARCHAR(64)  NOT NULL,
  event_id         VARCHAR(128) NOT NULL,
  period_start     DATE         NOT NULL,
  fingerprint      VARCHAR(64),
  -- event_id first: ingestion looks a batch's ids up with event_id IN (...), which every backend
  -- (the embedded one included) answers from this index.
  PRIMARY KEY (event_id, organization_id)
);
INSERT INTO usage_events_by_organization (organization_id, event_id, period_start)
  SELECT organization_id, event_id, period_start FROM usage_events;
DROP TABLE usage_events;
ALTER TABLE usage_events_by_organization RENAME TO usage_events;
CREATE INDEX usage_events_by_period ON usage_events (organization_id, period_start);

-- Room for sums: an event's quantity is below 10^15 with at most 12 decimals, so a daily sum
-- overflows only after more than 10^33 events on one cluster, SKU and day.
ALTER TABLE usage_daily ALTER COLUMN quantity SET DATA TYPE NUMERIC(60, 12);

-- Adjustments apply in the order they were added (it matters for capped discounts): an explicit
-- position within the period, taken under the period's lock, where equal creation times left the
-- order to a random id. Rows from before this migration keep their old order, first.
ALTER TABLE adjustments ADD COLUMN ordinal INTEGER;

-- Names are at most 200 characters as a person counts them (code points); the embedded database
-- counts UTF-16 units, where a character outside the basic plane (an emoji) takes two.
ALTER TABLE organizations ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE clusters ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE service_accounts ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE api_keys ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE operator_keys ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE adjustments ALTER COLUMN name SET DATA TYPE VARCHAR(400);
