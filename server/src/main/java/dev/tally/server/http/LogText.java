package dev.tally.server.http;

import dev.tally.model.CallerText;
import dev.tally.server.auth.ApiKeySecret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Request text made safe for a log line: percent-decoded, secrets redacted, bounded, and with every
 * character that could break or disguise the line ({@link CallerText#disturbsALine}: a forged line
 * break could fake a log line, a bidirectional control reorder it) replaced. Only the path is ever
 * logged, never the query (anything from a {@code ?} is dropped), a header value other than a sane
 * request id, or a body.
 *
 * <p>A client may put a key in a URL by mistake ({@code GET /api/v1/invoices/TALLY1_...}). Each
 * path segment (between two {@code /} as sent) is decoded on its own, and then:
 *
 * <ul>
 *   <li>from a key prefix ({@code TALLY1_}, {@code TALLYOP1_}, in any case, the underscore written
 *       as is or as {@code %5F}) to the end of its segment is logged as {@link #REDACTED}, whatever
 *       follows the prefix ({@code ;}, {@code =}, spaces, and a {@code /} or {@code ?} sent
 *       percent-encoded, are all inside the segment);
 *   <li>every run of {@value #SECRET_RUN} or more ASCII letters and digits (a secret's length: a
 *       key sent without its prefix, or the part of it after a separator) is logged as {@link
 *       #REDACTED}.
 * </ul>
 *
 * <p>Redaction runs on the decoded segment, so percent-encoding a letter of the prefix ({@code
 * %54ALLY1_...}) does not hide a key from it. What remains: a key that the client itself split
 * across path segments with a literal {@code /} may be logged in parts shorter than a secret.
 */
final class LogText {

  static final int MAX_PATH = 200;

  /** The shortest run of ASCII letters and digits that is redacted: a secret's length. */
  static final int SECRET_RUN = 40;

  /** What a key-shaped token is logged as. */
  static final String REDACTED = "[redacted]";

  private static final Pattern KEY =
      Pattern.compile(
          "(?is)(?:"
              + Pattern.quote(ApiKeySecret.OPERATOR)
              + "|"
              + Pattern.quote(ApiKeySecret.ORGANIZATION)
              + ")_.*");

  /** What both key prefixes begin with. */
  static final String KEY_START = "TALLY";

  private static final Pattern LONG_RUN = Pattern.compile("[A-Za-z0-9]{" + SECRET_RUN + ",}");

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
    StringBuilder redacting = new StringBuilder(bare.length());
    int from = 0;
    while (true) {
      int slash = bare.indexOf('/', from);
      String segment = decode(slash < 0 ? bare.substring(from) : bare.substring(from, slash));
      redacting.append(redact(segment));
      if (slash < 0) {
        break;
      }
      redacting.append('/');
      from = slash + 1;
    }
    String redacted = redacting.toString();
    return CallerText.lineSafe(CallerText.bounded(redacted, MAX_PATH, "..."));
  }

  /** One decoded path segment with its key, and any run as long as a secret, redacted. */
  private static String redact(String segment) {
    // Every request's line passes here: the patterns run only on a segment they could match.
    String withoutKey =
        segment.indexOf('_') < 0 || !containsKeyStart(segment)
            ? segment
            : KEY.matcher(segment).replaceFirst(REDACTED);
    return withoutKey.length() < SECRET_RUN
        ? withoutKey
        : LONG_RUN.matcher(withoutKey).replaceAll(REDACTED);
  }

  /**
   * Whether {@code segment} holds {@link #KEY_START} in any case, which a key prefix needs: most
   * segments have an underscore ({@code inv_...}) and none has a key, so the pattern is spared.
   */
  private static boolean containsKeyStart(String segment) {
    for (int i = 0; i + KEY_START.length() <= segment.length(); i++) {
      if (segment.regionMatches(true, i, KEY_START, 0, KEY_START.length())) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.Set<String> METHODS =
      java.util.Set.of(
          "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "PRI");

  /**
   * A request method as it may be logged: one of HTTP's methods as it is, anything else {@code
   * OTHER} (as in the metrics' labels), {@code -} when there is none. A client that puts an API key
   * where the method goes must not find it in the log.
   */
  static String method(String method) {
    if (method == null || method.isEmpty()) {
      return "-";
    }
    return METHODS.contains(method) ? method : "OTHER";
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
