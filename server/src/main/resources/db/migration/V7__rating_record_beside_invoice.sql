-- The rating record moves into its invoice's row (docs/billing-model.md, "The rating record"): the
-- close then writes one row per organization and month instead of two, which on the embedded
-- database was most of what keeping records cost it (docs/benchmarks.md, "Month close"). NULL for
-- an imported invoice and for a draft. Portable SQL, as in V1; V8 copies the records, V9 drops
-- their old table, each in its own transaction (CockroachDB does not write to a column in the
-- transaction that adds it).
ALTER TABLE invoices ADD COLUMN price_book_revision INTEGER;
ALTER TABLE invoices ADD COLUMN rating_record VARCHAR;
ALTER TABLE invoices ADD COLUMN digest VARCHAR(64);
