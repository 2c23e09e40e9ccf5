package dev.tally.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  private static final Pattern FORM =
      Pattern.compile("([A-Z0-9]+)_([0-9A-Za-z]{22})_([0-9A-Za-z]{40})");
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

  /** The key id inside a well-formed token of the given kind, or empty for anything else. */
  public static Optional<String> keyIdOf(String prefix, String token) {
    Matcher m = FORM.matcher(token);
    return m.matches() && m.group(1).equals(prefix) ? Optional.of(m.group(2)) : Optional.empty();
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
