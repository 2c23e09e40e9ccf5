package dev.tally.server.auth;

import dev.tally.server.Failure;

/** Turns an {@code Authorization} header into a {@link Principal}, or an UNAUTHENTICATED failure. */
public final class Authenticator {

  private final ApiKeyStore keys;

  public Authenticator(ApiKeyStore keys) {
    this.keys = keys;
  }

  public Principal authenticate(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      throw Failure.unauthenticated("missing Authorization header; send 'Authorization: Bearer <API key>'");
    }
    String header = authorizationHeader.strip();
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw Failure.unauthenticated("the Authorization header must use the Bearer scheme: 'Bearer <API key>'");
    }
    String token = header.substring(space + 1).strip();
    return keys.authenticate(token).orElseThrow(() ->
        Failure.unauthenticated("the API key is not valid: it is unknown, revoked or expired"));
  }
}
