-- Event ids keyed (organization_id, event_id), with no other index. The key answers both of the
-- table's questions: ingestion's lookup of a batch's ids (both columns are given) and the close's
-- forgetting of a month's ids (one organization's ids, read in key order, filtered by month). The
-- index usage_events_by_period cost every accepted event a third B-tree entry for a question asked
-- once a month (docs/benchmarks.md, "Ingestion against COPY").
CREATE TABLE usage_events_keyed (
  organization_id  VARCHAR(64)  NOT NULL,
  event_id         VARCHAR(128) NOT NULL,
  period_start     DATE         NOT NULL,
  fingerprint      VARCHAR(64),
  PRIMARY KEY (organization_id, event_id)
);
INSERT INTO usage_events_keyed (organization_id, event_id, period_start, fingerprint)
  SELECT organization_id, event_id, period_start, fingerprint FROM usage_events;
DROP TABLE usage_events;
ALTER TABLE usage_events_keyed RENAME TO usage_events;
