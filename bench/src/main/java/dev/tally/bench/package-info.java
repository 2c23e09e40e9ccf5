/**
 * The benchmark command ({@code bin/benchmark}, see docs/benchmarks.md): ingestion over HTTP, draft
 * invoice reads, the month close and invoice verification, each on a new database of either
 * backend, printing figures as plain lines; and serving ({@code serve}): {@code tally serve} as a
 * process of its own beside nginx serving the same bytes as static files, both loaded by wrk
 * ({@code ServeBenchmark}: the dataset, the two servers, the load generator and the report each in
 * a class of its own). Nothing here asserts a time.
 */
package dev.tally.bench;
