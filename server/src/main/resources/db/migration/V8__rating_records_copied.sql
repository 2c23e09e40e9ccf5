-- Every rating record kept so far, into its invoice's row (see V7). A record names its invoice.
UPDATE invoices SET
  price_book_revision = (SELECT r.price_book_revision FROM rating_records r WHERE r.invoice_id = invoices.id),
  rating_record = (SELECT r.body FROM rating_records r WHERE r.invoice_id = invoices.id),
  digest = (SELECT r.digest FROM rating_records r WHERE r.invoice_id = invoices.id)
WHERE id IN (SELECT invoice_id FROM rating_records);
