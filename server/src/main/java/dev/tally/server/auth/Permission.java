package dev.tally.server.auth;

/** Something an API caller may be allowed to do. */
public enum Permission {
  READ_INVOICES
}
