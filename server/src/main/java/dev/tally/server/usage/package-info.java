/**
 * Usage ingestion: batches of metered events from the operator's pipeline, validated one by one,
 * deduplicated by {@code event_id} and added to per-day sums in the same transaction, so that a
 * retried batch never counts twice and an acknowledged event is never lost.
 */
package dev.tally.server.usage;
