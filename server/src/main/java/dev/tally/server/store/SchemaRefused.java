package dev.tally.server.store;

/**
 * The database's schema cannot be brought to this build's: Flyway refused it (an applied migration
 * edited or missing, a migration that failed) or its history records a failed migration, of this
 * build or a newer one, which leaves the schema in a state no build expects until an operator
 * repairs it (docs/operations.md, "Upgrading"). Its message is one line, in Tally's words with
 * Flyway's reason, for the command line (exit code 5) and the log.
 */
public final class SchemaRefused extends IllegalStateException {

  SchemaRefused(String message, Throwable cause) {
    super(message, cause);
  }
}
