/**
 * The wire model of the CockroachDB Cloud Billing API: immutable records for every JSON shape that
 * the two invoice endpoints send, and {@link dev.tally.model.WireJson}, the one Jackson configuration
 * that reads and writes them. Server and client share this module, so they cannot drift apart.
 *
 * <p>Money is {@link java.math.BigDecimal} and timestamps are {@link java.time.Instant}. Enumerations
 * are {@link dev.tally.model.OpenEnum}s, so a value that a newer server sends never breaks an older
 * reader.
 */
package dev.tally.model;
