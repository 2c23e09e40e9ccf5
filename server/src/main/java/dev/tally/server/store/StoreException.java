package dev.tally.server.store;

import java.sql.SQLException;

/**
 * The database failed in a way no caller can fix by changing its request. Its message is for logs
 * only: the HTTP layer answers it with a generic 500 or 503 and never shows the SQL.
 */
public final class StoreException extends RuntimeException {

  public StoreException(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
