package dev.tally.server.auth;

/** The platform operator, authenticated by the operator key {@code keyId}. */
public record OperatorPrincipal(String keyId) implements Caller {}
