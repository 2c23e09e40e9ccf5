/**
 * Usage files in, batches to the operator API out: reading a CSV or NDJSON file (optionally gzip)
 * line by line in bounded memory, cutting it into batches, sending each with retries, showing
 * progress, and summing up what the server made of every event ({@link
 * dev.tally.cli.usage.ImportSummary}). {@code tally usage import} wires these together.
 */
package dev.tally.cli.usage;
