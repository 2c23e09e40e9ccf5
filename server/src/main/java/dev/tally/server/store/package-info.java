/**
 * Storage: the connection pool ({@link dev.tally.server.store.Database}, sized and bounded by
 * {@link dev.tally.server.store.PoolSettings}, so that an unreachable database fails requests fast,
 * and reconnected promptly by {@link dev.tally.server.store.ReconnectingDataSource}; one request's
 * waits for connections add up to at most the timeout, {@link
 * dev.tally.server.store.ConnectionWaits}), the versioned schema (Flyway migrations under {@code
 * db/migration}, and those in Java, {@link dev.tally.server.store.RatingRecordsIntoInvoices} and
 * {@link dev.tally.server.store.UsageEventsKeyedByOrganization}; a schema that has all of them
 * already is opened without Flyway, {@link dev.tally.server.store.KnownMigrations}), {@link
 * dev.tally.server.store.Transactor}, through which every unit of work runs so that serialization
 * failures are retried the same way everywhere, and {@link dev.tally.server.store.Transaction}, the
 * handle that gives a unit of work the owners of the tables, and {@link
 * dev.tally.server.store.SharedReads}, which lets concurrent callers share a read that began after
 * each of them asked (a version, or an invoice or list that no cache holds). The SQL is portable
 * (embedded H2 by default, any PostgreSQL-wire database, PostgreSQL or CockroachDB, in production),
 * but for the few set-based statements an owner writes in both dialects, choosing by {@link
 * dev.tally.server.store.Transaction#isEmbedded}, and the bulk loads they make with PostgreSQL's
 * {@code COPY} ({@link dev.tally.server.store.Transaction#copyIn}, in the text format {@link
 * dev.tally.server.store.CopyText} writes).
 */
package dev.tally.server.store;
