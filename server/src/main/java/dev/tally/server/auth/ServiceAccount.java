package dev.tally.server.auth;

import java.time.Instant;

/** A non-human API caller that belongs to exactly one organization. */
public record ServiceAccount(String id, String organizationId, String name, Instant createdAt) {}
