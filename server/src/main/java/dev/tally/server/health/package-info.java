/**
 * Whether this instance can serve: liveness is the process answering at all; readiness ({@link
 * dev.tally.server.health.Readiness}) is the database answering quickly with its schema migrated.
 * Served as {@code /healthz} and {@code /readyz} by {@code http.OpsRoutes}.
 */
package dev.tally.server.health;
