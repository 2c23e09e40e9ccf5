package dev.tally.client;

import java.nio.charset.StandardCharsets;

/** Strict RFC 3986 percent-encoding: every byte but the unreserved characters is escaped. */
final class UriEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriEncoding() {}

  /**
   * Encodes {@code value} so it stands as one path segment or one query value: {@code /}, {@code
   * ?}, {@code &}, {@code =}, {@code +}, {@code %}, spaces and non-ASCII all become {@code %XX}.
   */
  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
