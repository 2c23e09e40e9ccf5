package dev.tally.server.console;

import io.javalin.http.Context;

/**
 * The security headers of every console answer. The page handles an API key, so it runs only its
 * own scripts (no inline script or style, no other origin: {@code Content-Security-Policy}), cannot
 * be framed (clickjacking), never leaks its address in a {@code Referer}, and is never sniffed as
 * another type.
 */
final class ConsoleHeaders {

  /**
   * Only this origin's files; {@code connect-src 'self'} keeps the key's requests on this server.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
          + "frame-ancestors 'none'";

  private ConsoleHeaders() {}

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
  }
}
