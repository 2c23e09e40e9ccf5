package dev.tally.server.auth;

import dev.tally.server.errors.Failure;

/**
 * Reads the token out of an {@code Authorization: Bearer <token>} header (RFC 6750 section 2.1).
 */
public final class BearerToken {

  private BearerToken() {}

  /**
   * The token, stripped of surrounding spaces.
   *
   * @throws Failure UNAUTHENTICATED when the header is missing or does not use the Bearer scheme
   */
  public static String from(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      throw Failure.unauthenticated(
          "missing Authorization header; send 'Authorization: Bearer <API key>'");
    }
    String header = authorizationHeader.strip();
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw Failure.unauthenticated(
          "the Authorization header must use the Bearer scheme: 'Bearer <API key>'");
    }
    return header.substring(space + 1).strip();
  }
}
