-- Verifiable invoices (docs/billing-model.md, "The rating record"). Portable SQL, as in V1.

-- What each finalized invoice was computed from, one row per organization and month closed by
-- rating: body is the record's JSON; digest the invoice's SHA-256 digest (lowercase hex) over the
-- record, the invoice and the digest of the organization's previous month.
CREATE TABLE rating_records (
  organization_id      VARCHAR(64)  NOT NULL REFERENCES organizations (id),
  period_start         DATE         NOT NULL,
  invoice_id           VARCHAR(128) NOT NULL,
  price_book_revision  INTEGER      NOT NULL,
  body                 VARCHAR      NOT NULL,
  digest               VARCHAR(64)  NOT NULL,
  created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (organization_id, period_start)
);
