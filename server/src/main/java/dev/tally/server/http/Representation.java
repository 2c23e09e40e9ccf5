package dev.tally.server.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * A JSON answer as the invoice routes send it, in its two content codings (RFC 9110 section 8.4):
 * identity, and gzip assembled from parts compressed ahead of time ({@link DeflateSegments}). Each
 * coding has its own strong entity tag, as a strong validator must differ between representations
 * whose bytes differ: {@code "<tag>"} for identity and {@code "<tag>-gzip"} for gzip, where {@code
 * <tag>} is 22 base64url characters (128 bits) of a SHA-256. Equal bytes give equal tags on every
 * instance and across restarts, so a tag a client got from one instance behind a load balancer is
 * recognised by the others.
 */
sealed interface Representation permits JsonBody, JsonListBody {

  /** The identity coding's entity tag, quoted. */
  String etag();

  /**
   * The gzip coding's entity tag, quoted: the identity tag with {@code -gzip} inside the quotes.
   */
  default String gzipEtag() {
    String etag = etag();
    return etag.substring(0, etag.length() - 1) + "-gzip\"";
  }

  /** The uncompressed JSON, as the chunks that make it up. */
  Chunks identity();

  /** The gzip coding of {@link #identity}. */
  Chunks gzip();

  /** {@code identity().length()}, in bytes. */
  default long identityLength() {
    return identity().length();
  }

  /**
   * {@code gzip().length()}, in bytes, without the pass over the JSON that the gzip trailer's
   * CRC-32 costs: a {@code HEAD} states the length its {@code GET} would send.
   */
  long gzipLength();

  /** Bytes sent as a sequence of arrays that are never copied into one. */
  record Chunks(List<byte[]> parts, long length) {

    static Chunks of(List<byte[]> parts) {
      long length = 0;
      for (byte[] part : parts) {
        length += part.length;
      }
      return new Chunks(parts, length);
    }

    /** The chunks joined into one array; for tests and small answers. */
    byte[] joined() {
      byte[] all = new byte[Math.toIntExact(length)];
      int at = 0;
      for (byte[] part : parts) {
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
      return all;
    }
  }

  /** {@code "<22 base64url characters of the SHA-256 of the inputs, in order>"}. */
  static String tagOf(byte[]... inputs) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] input : inputs) {
        sha.update(input);
      }
      return '"'
          + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 22)
          + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
