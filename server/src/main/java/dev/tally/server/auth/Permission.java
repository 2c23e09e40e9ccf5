package dev.tally.server.auth;

/** Something a caller may be allowed to do; {@link AccessPolicy} says who may. */
public enum Permission {
  /** {@code GET /api/v1/invoices} and {@code /api/v1/invoices/{id}}. */
  READ_INVOICES,
  /** Every operator route: ingestion, price books, credits, adjustments, the period close. */
  OPERATE
}
