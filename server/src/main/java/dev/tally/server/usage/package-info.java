/**
 * Usage: {@link dev.tally.server.usage.UsageStore} owns {@code usage_events} (accepted event ids
 * and their fingerprints, per organization) and {@code usage_daily} (exact sums per organization,
 * UTC day, cluster and SKU). {@link dev.tally.server.usage.UsageIngestion} answers every event of a
 * batch with exactly one of accepted, duplicate or rejected, in one transaction, so that a retried
 * batch never counts twice and an acknowledged event is never lost (docs/billing-model.md); on the
 * embedded database {@link dev.tally.server.usage.GroupCommit} lets the batches waiting for the
 * process's one writer share a transaction, each with its own answer.
 */
package dev.tally.server.usage;
