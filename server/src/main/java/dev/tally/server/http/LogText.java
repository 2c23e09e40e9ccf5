package dev.tally.server.http;

import dev.tally.server.auth.ApiKeySecret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Request text made safe for a log line: percent-decoded, key-shaped tokens redacted, bounded, and
 * with control characters (a forged line break could fake a log line) replaced. Only the path is
 * ever logged, never the query (anything from a {@code ?} is dropped), a header value other than a
 * sane request id, or a body.
 *
 * <p>A client may put a key in a URL by mistake ({@code GET /api/v1/invoices/TALLY1_...}): every
 * token that starts with a key prefix ({@code TALLY1_}, {@code TALLYOP1_}, in any case, with the
 * underscore written as is or as {@code %5F}) is logged as {@link #REDACTED} up to the next {@code
 * /}, {@code ;}, {@code ?}, {@code #}, {@code &}, {@code =} or space. Redaction runs on the decoded
 * path, so percent-encoding a letter of the prefix ({@code %54ALLY1_...}) does not hide a key from
 * it.
 */
final class LogText {

  static final int MAX_PATH = 200;

  /** What a key-shaped token is logged as. */
  static final String REDACTED = "[redacted]";

  private static final Pattern KEY =
      Pattern.compile(
          "(?i)(?:"
              + Pattern.quote(ApiKeySecret.OPERATOR)
              + "|"
              + Pattern.quote(ApiKeySecret.ORGANIZATION)
              + ")_[^/;?#&=\\s]*");

  private LogText() {}

  /**
   * A request path as it may be logged.
   *
   * @param path the request's path as sent (raw) or decoded; a query after it is dropped; null
   *     gives the empty string
   */
  static String path(String path) {
    if (path == null) {
      return "";
    }
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    String redacted = KEY.matcher(decode(bare)).replaceAll(REDACTED);
    String bounded =
        redacted.length() > MAX_PATH ? redacted.substring(0, MAX_PATH) + "..." : redacted;
    StringBuilder safe = new StringBuilder(bounded.length());
    bounded.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return safe.toString();
  }

  /**
   * A request method as it may be logged: at most 16 characters of letters, digits and {@code -},
   * others replaced by {@code ?}; {@code -} when there is none.
   */
  static String method(String method) {
    if (method == null || method.isEmpty()) {
      return "-";
    }
    String bounded = method.length() > 16 ? method.substring(0, 16) : method;
    StringBuilder safe = new StringBuilder(bounded.length());
    bounded
        .chars()
        .forEach(
            c ->
                safe.append(
                    c < 128 && (Character.isLetterOrDigit(c) || c == '-') ? (char) c : '?'));
    return safe.toString();
  }

  /** Percent-decodes as UTF-8; a {@code %} not followed by two hex digits stays as it is. */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    byte[] in = raw.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
      int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
      if (in[i] == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        bytes.write(in[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
