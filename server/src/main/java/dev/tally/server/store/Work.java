package dev.tally.server.store;

import java.sql.SQLException;

/**
 * A unit of work: what runs inside one transaction, reaching the tables only through the owners
 * that {@code db} hands out. It may run more than once (see {@link Transactor}), so it must not act
 * outside the database.
 */
@FunctionalInterface
public interface Work<T> {
  T run(Transaction db) throws SQLException;
}
