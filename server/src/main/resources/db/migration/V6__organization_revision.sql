-- A counter that every change to what an organization's drafts are rated from advances, in the same
-- transaction (docs/architecture.md, "Draft cache"): usage, adjustments, credit grants, clusters,
-- closes and imports. A server keeps a rated draft only with the revision it was rated at, so a
-- change made through any instance is seen by the next read. Portable SQL, as in V1.
ALTER TABLE organizations ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
