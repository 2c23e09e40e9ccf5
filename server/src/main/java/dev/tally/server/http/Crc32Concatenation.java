package dev.tally.server.http;

/**
 * The CRC-32 (the gzip trailer's, RFC 1952: ISO-HDLC, reflected polynomial {@code 0xedb88320}) of
 * two byte sequences joined, from each one's CRC-32 and the second one's length, without the bytes:
 * {@code crc(a ‖ b) = crc(a) · x^(8·|b|) mod P ⊕ crc(b)}, computed in GF(2) as zlib's {@code
 * crc32_combine} does. The JDK's {@link java.util.zip.CRC32} has no such operation and no
 * maintained library on Maven Central offers it apart from much larger ones, while the arithmetic
 * is a few lines; it lets a list's gzip trailer come from its invoices' CRCs, computed once when
 * each was cached, instead of a pass over a megabyte of JSON per request.
 */
final class Crc32Concatenation {

  /** P(x), bit-reflected: bit 31 is the coefficient of x^0. */
  private static final int POLYNOMIAL = 0xedb88320;

  /** {@code X_TO_2_TO_THE[k]} = x^(2^k) mod P. */
  private static final int[] X_TO_2_TO_THE = new int[32];

  static {
    int power = 1 << 30; // x^1
    X_TO_2_TO_THE[0] = power;
    for (int k = 1; k < 32; k++) {
      power = multiply(power, power);
      X_TO_2_TO_THE[k] = power;
    }
  }

  private Crc32Concatenation() {}

  /**
   * @param first the CRC-32 of the first sequence, 0 to 2^32 - 1 (0 for an empty one)
   * @param second the CRC-32 of the second sequence
   * @param secondLength the second sequence's length in bytes, 0 or more
   * @return the CRC-32 of the two joined, 0 to 2^32 - 1
   */
  static long combine(long first, long second, long secondLength) {
    if (secondLength < 0) {
      throw new IllegalArgumentException("a length is 0 or more, got " + secondLength);
    }
    int shifted = multiply(xToThe8Times(secondLength), (int) first);
    return Integer.toUnsignedLong(shifted ^ (int) second);
  }

  /** x^(8n) mod P: one factor x^(2^k) for each bit k of 8n. */
  private static int xToThe8Times(long n) {
    int product = 1 << 31; // x^0
    int k = 3; // 8n = n << 3
    for (long rest = n; rest != 0; rest >>>= 1, k++) {
      if ((rest & 1) != 0) {
        product = multiply(X_TO_2_TO_THE[k & 31], product);
      }
    }
    return product;
  }

  /** a · b mod P, both bit-reflected. */
  private static int multiply(int a, int b) {
    int product = 0;
    for (int bit = 1 << 31; bit != 0; bit >>>= 1) {
      if ((a & bit) != 0) {
        product ^= b;
      }
      b = (b & 1) != 0 ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
    }
    return product;
  }
}
