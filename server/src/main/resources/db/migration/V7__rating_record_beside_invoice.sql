-- The rating record moves into its invoice's row (docs/billing-model.md, "The rating record"): the
-- close then writes one row per organization and month instead of two, which on the embedded
-- database was most of what keeping records cost it (docs/benchmarks.md, "Month close"). The record
-- is kept as the UTF-8 bytes of its canonical encoding, the bytes its digest covers (and the
-- embedded database writes bytes in one copy, text a character at a time). NULL for an imported
-- invoice and for a draft. Portable SQL, as in V1 (BYTEA: PostgreSQL's name, which H2 and
-- CockroachDB accept). V8 (a Java migration, store.RatingRecordsIntoInvoices) copies the records,
-- V9 drops their old table, each in its own transaction (CockroachDB does not write to a column in
-- the transaction that adds it).
ALTER TABLE invoices ADD COLUMN price_book_revision INTEGER;
ALTER TABLE invoices ADD COLUMN rating_record BYTEA;
ALTER TABLE invoices ADD COLUMN digest VARCHAR(64);
