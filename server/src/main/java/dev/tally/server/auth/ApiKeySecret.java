package dev.tally.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bearer token of an API key: {@code TALLY1_<key id>_<secret>} (operators': {@code
 * TALLYOP1_...}), the same three-part form as CockroachDB Cloud's {@code CCDB1_} keys. The key id
 * finds the row; only SHA-256 of the whole token is stored. A plain (unsalted) hash is enough
 * because the secret is 240 random bits, not a password.
 */
public final class ApiKeySecret {

  /** Keys of organizations' service accounts. */
  public static final String ORGANIZATION = "TALLY1";

  /** Keys of the operator's metering pipeline and tools; no organization key looks like one. */
  public static final String OPERATOR = "TALLYOP1";

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int KEY_ID_LENGTH = 22;
  private static final int SECRET_LENGTH = 40;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecret() {}

  /** A newly minted token and the id of the key it belongs to. */
  public record Minted(String keyId, String token) {}

  public static Minted mint() {
    return mint(ORGANIZATION);
  }

  /** A new token of the given kind ({@link #ORGANIZATION} or {@link #OPERATOR}). */
  public static Minted mint(String prefix) {
    String keyId = random(22);
    return new Minted(keyId, prefix + "_" + keyId + "_" + random(40));
  }

  /** The key id inside a well-formed organization token, or empty for anything else. */
  public static Optional<String> keyIdOf(String token) {
    return keyIdOf(ORGANIZATION, token);
  }

  /**
   * The key id inside a well-formed token of the given kind, or empty for anything else: {@code
   * prefix}, {@code _}, 22 ASCII letters or digits (the key id), {@code _}, 40 more (the secret).
   * Checked character by character rather than by a regular expression: every request runs this,
   * some twice (the rate limit and authentication).
   */
  public static Optional<String> keyIdOf(String prefix, String token) {
    int idStart = prefix.length() + 1;
    int secretStart = idStart + KEY_ID_LENGTH + 1;
    if (token == null
        || token.length() != secretStart + SECRET_LENGTH
        || !token.startsWith(prefix)
        || token.charAt(idStart - 1) != '_'
        || token.charAt(secretStart - 1) != '_'
        || !alphanumeric(token, idStart, secretStart - 1)
        || !alphanumeric(token, secretStart, token.length())) {
      return Optional.empty();
    }
    return Optional.of(token.substring(idStart, secretStart - 1));
  }

  private static boolean alphanumeric(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  public static String sha256(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Compares in constant time, so response timing does not leak how much of a hash matched. */
  public static boolean matches(String token, String storedSha256) {
    return MessageDigest.isEqual(
        sha256(token).getBytes(StandardCharsets.US_ASCII),
        storedSha256.getBytes(StandardCharsets.US_ASCII));
  }

  private static String random(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
