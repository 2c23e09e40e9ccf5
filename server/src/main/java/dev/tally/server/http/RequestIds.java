package dev.tally.server.http;

import dev.tally.server.auth.ApiKeySecret;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids ({@code X-Request-Id}): a client's id is kept when it is sane (1 to 64 characters of
 * letters, digits and {@code . _ : -}), so that it can be logged and echoed safely; otherwise, or
 * when absent, a new random one (a UUID) is made. An id that may hold a Tally key or its secret (a
 * key prefix anywhere, or a run of letters and digits as long as a secret: {@link #looksLikeKey})
 * is never kept: a client that sent its secret there by mistake must not see it logged. The id is
 * echoed in the answer and carried in the log context (MDC key {@code request_id}) of the request's
 * log lines.
 */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  static final String MDC_KEY = "request_id";
  static final int MAX_LENGTH = 64;

  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

  private RequestIds() {}

  /** The client's id when sane, else a new one. */
  static String accept(String sent) {
    return sent != null && SANE.matcher(sent).matches() && !looksLikeKey(sent) ? sent : newId();
  }

  /**
   * A random version 4 UUID. From {@link ThreadLocalRandom}, not {@link UUID#randomUUID()}: an id
   * only has to be unique, not unguessable, and the latter's shared {@code SecureRandom} made every
   * request wait on one lock.
   */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xf000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xcL << 60)) | (0x8L << 60); // IETF variant
    return new UUID(high, low).toString();
  }

  /**
   * Whether the id may hold a key or a secret: it contains a key prefix ({@code TALLY1_}, {@code
   * TALLYOP1_}) anywhere, in any case, or a run of {@value LogText#SECRET_RUN} or more letters and
   * digits (a secret's length, as a key without its prefix has).
   */
  static boolean looksLikeKey(String id) {
    String upper = id.toUpperCase(Locale.ROOT);
    if (upper.contains(ApiKeySecret.ORGANIZATION + "_")
        || upper.contains(ApiKeySecret.OPERATOR + "_")) {
      return true;
    }
    int run = 0;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean alphanumeric =
          (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      run = alphanumeric ? run + 1 : 0;
      if (run >= LogText.SECRET_RUN) {
        return true;
      }
    }
    return false;
  }
}
