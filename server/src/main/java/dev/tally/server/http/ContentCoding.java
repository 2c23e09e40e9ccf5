package dev.tally.server.http;

import java.util.Locale;

/**
 * Which content coding an invoice answer goes out in (RFC 9110 section 12.5.3): gzip when the
 * client's {@code Accept-Encoding} accepts it with a non-zero weight, by name, as {@code x-gzip} or
 * through {@code *}, and the body is at least {@link #MIN_GZIP_BYTES} long; identity otherwise.
 */
final class ContentCoding {

  /** Below this many bytes gzip is not worth its header: Javalin's threshold too. */
  static final int MIN_GZIP_BYTES = 1_500;

  private ContentCoding() {}

  /** Whether to send gzip to a client that sent {@code acceptEncoding} (null when absent). */
  static boolean gzip(String acceptEncoding, long identityLength) {
    return identityLength >= MIN_GZIP_BYTES && acceptsGzip(acceptEncoding);
  }

  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null || acceptEncoding.isBlank()) {
      return false;
    }
    Boolean named = null;
    boolean wildcard = false;
    for (String element : acceptEncoding.split(",")) {
      // The limit -1 keeps empty parts: ";" is two empty parts, never an empty array.
      String[] parts = element.split(";", -1);
      String coding = parts[0].strip().toLowerCase(Locale.ROOT);
      boolean acceptable = weight(parts) > 0;
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        named = (named == null ? acceptable : named || acceptable);
      } else if (coding.equals("*")) {
        wildcard = acceptable;
      }
    }
    return named != null ? named : wildcard;
  }

  /** The {@code q} parameter's value, 1 when absent; 0 when it cannot be read. */
  private static double weight(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.length() > 2 && (parameter.startsWith("q=") || parameter.startsWith("Q="))) {
        try {
          return Double.parseDouble(parameter.substring(2).strip());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
