-- The rating records live in their invoices' rows since V7 and V8.
DROP TABLE rating_records;
