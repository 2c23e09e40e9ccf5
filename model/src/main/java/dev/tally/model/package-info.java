/**
 * The wire model of the CockroachDB Cloud Billing API: immutable records for every JSON shape that
 * the two invoice endpoints send, and {@link dev.tally.model.WireJson}, the one Jackson
 * configuration that reads and writes them in one canonical form. Server and client share this
 * module, so they cannot drift apart. The operator API's bodies are in {@code
 * dev.tally.model.operator}, the provenance route's in {@code dev.tally.model.provenance}.
 *
 * <p>Money is {@link java.math.BigDecimal} and timestamps are {@link java.time.Instant}.
 * Enumerations are {@link dev.tally.model.OpenEnum}s, so a value that a newer server sends never
 * breaks an older reader.
 *
 * <p>It also owns the vocabulary that server, engine, SDK and CLI share, so each rule exists once:
 *
 * <ul>
 *   <li>{@link dev.tally.model.GrpcCode}: the gRPC codes and the HTTP status of each;
 *   <li>{@link dev.tally.model.BillingPeriod}: a UTC calendar month, written {@code YYYY-MM};
 *   <li>{@link dev.tally.model.Rfc3339}: the one strict RFC 3339 date-time parser;
 *   <li>{@link dev.tally.model.Money}: the whole-cents rule;
 *   <li>{@link dev.tally.model.CanonicalJson}: the canonical encoding invoice digests cover;
 *   <li>{@link dev.tally.model.CallerText}: text made safe for one line (a message that quotes
 *       caller input, bounded; a log line; a table row);
 *   <li>{@link dev.tally.model.CalendarDay}: a day written yyyy-MM-dd.
 * </ul>
 */
package dev.tally.model;
