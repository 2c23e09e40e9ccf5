package dev.tally.server.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A JSON answer's bytes and its strong entity tag: the first 128 bits of the bytes' SHA-256,
 * base64url, quoted. Equal bytes give equal tags on every instance and across restarts, so a tag a
 * client got from one instance behind a load balancer is recognised by the others; any change of
 * the bytes changes the tag.
 *
 * @param json the identity-coded (uncompressed) body, UTF-8 JSON
 * @param etag the quoted entity tag, such as {@code "q1w2..."}
 */
record Representation(byte[] json, String etag) {

  static Representation of(byte[] json) {
    return new Representation(json, tagOf(json));
  }

  private static String tagOf(byte[] json) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return '"'
          + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22)
          + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
