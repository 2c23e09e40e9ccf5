/**
 * Usage files in, batches to the operator API out: reading a CSV or NDJSON file (optionally gzip)
 * line by line in bounded memory, turning each line into the model's typed {@code UsageEvent} or a
 * rejection ({@link dev.tally.cli.usage.EventFields}), cutting the events into batches, sending
 * each with the SDK's {@code operator().ingestUsage(...)} (whose retries they are), showing
 * progress, and summing up what became of every line ({@link dev.tally.cli.usage.ImportSummary}).
 * {@code tally usage import} wires these together.
 */
package dev.tally.cli.usage;
