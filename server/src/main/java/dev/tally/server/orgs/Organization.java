package dev.tally.server.orgs;

import java.time.Instant;

/** A tenant. Its creation time is where invoice listings start by default. */
public record Organization(String id, String name, Instant createdAt) {}
