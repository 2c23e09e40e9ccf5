/**
 * Storage: the connection pool, the versioned schema (Flyway migrations under
 * {@code db/migration}), and {@link dev.tally.server.store.Transactor}, through which every unit of
 * work runs so that serialization failures are retried the same way everywhere. The SQL is portable:
 * embedded H2 by default, any PostgreSQL-wire database (PostgreSQL, CockroachDB) in production.
 */
package dev.tally.server.store;
