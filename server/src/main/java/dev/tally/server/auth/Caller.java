package dev.tally.server.auth;

/** Who made a request: an organization's service account (by API key), or the platform operator. */
public sealed interface Caller permits Principal, OperatorPrincipal {}
