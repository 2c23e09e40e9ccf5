/**
 * The benchmark command ({@code bin/benchmark}, see docs/benchmarks.md): ingestion over HTTP, draft
 * invoice reads and the month close, each on a new database of either backend, printing figures as
 * plain lines. Nothing here asserts a time.
 */
package dev.tally.bench;
