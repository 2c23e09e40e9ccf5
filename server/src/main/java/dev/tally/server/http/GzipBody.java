package dev.tally.server.http;

import dev.tally.model.GrpcCode;
import dev.tally.server.errors.Failure;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A {@code Content-Encoding: gzip} request body inflated exactly (RFC 1952), member by member, so
 * that nothing in it is silently dropped: {@link java.util.zip.GZIPInputStream} ignores bytes after
 * a member that do not start a new one (and, depending on its buffer, a whole second member), which
 * would let a body carry content Tally never read.
 *
 * <p>Concatenated members ({@code cat a.gz b.gz}) are one body, as RFC 1952 section 2.2 defines and
 * as {@code gzip -d} reads them: each must be complete, with a matching CRC-32 and length. Any byte
 * after the last member that does not begin a valid one, zero padding included, is refused.
 */
final class GzipBody {

  private static final int ID1 = 0x1f;
  private static final int ID2 = 0x8b;
  private static final int DEFLATE = 8;
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED = 0xe0;

  private GzipBody() {}

  /**
   * The inflated bytes of every member, in order.
   *
   * @param maxBytes the most the body may inflate to
   * @param growing told of every step of inflated bytes before it is kept, so that room can be
   *     found for it ({@link BodyMemory}); what it throws ends the inflating
   * @throws Failure 400 INVALID_ARGUMENT when the bytes are not gzip or have bytes after the last
   *     member; 413 when they inflate to more than {@code maxBytes}
   */
  static byte[] inflate(byte[] gzipped, int maxBytes, java.util.function.LongConsumer growing) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    do {
      if (at > 0 && !startsMember(gzipped, at)) {
        throw Failure.invalid(
            "the gzip body has bytes after its end ("
                + (gzipped.length - at)
                + " bytes); send the gzip stream alone");
      }
      at = member(gzipped, at, out, maxBytes, growing);
    } while (at < gzipped.length);
    return out.toByteArray();
  }

  /**
   * What the body's last four bytes say its (last member's) inflated length is, modulo 2^32 (RFC
   * 1952 ISIZE): a hint to plan with, never trusted, since the bytes are the client's.
   *
   * @param gzipped at least four bytes
   */
  static long statedLength(byte[] gzipped) {
    return littleEndian(gzipped, gzipped.length - 4);
  }

  private static boolean startsMember(byte[] in, int at) {
    return in.length - at >= 3
        && (in[at] & 0xff) == ID1
        && (in[at + 1] & 0xff) == ID2
        && (in[at + 2] & 0xff) == DEFLATE;
  }

  /** Inflates the member at {@code at} into {@code out}; returns where the next byte is. */
  private static int member(
      byte[] in,
      int at,
      ByteArrayOutputStream out,
      int maxBytes,
      java.util.function.LongConsumer growing) {
    if (!startsMember(in, at) || in.length - at < 10) {
      throw notGzip();
    }
    int flags = in[at + 3] & 0xff;
    if ((flags & RESERVED) != 0) {
      throw notGzip();
    }
    int next = at + 10;
    if ((flags & FEXTRA) != 0) {
      next = require(in, next, 2);
      next += 2 + ((in[next] & 0xff) | (in[next + 1] & 0xff) << 8);
    }
    if ((flags & FNAME) != 0) {
      next = afterZero(in, next);
    }
    if ((flags & FCOMMENT) != 0) {
      next = afterZero(in, next);
    }
    if ((flags & FHCRC) != 0) {
      next += 2;
    }
    require(in, next, 0);
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(in, next, in.length - next);
      CRC32 crc = new CRC32();
      byte[] buffer = new byte[8192];
      long length = 0;
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw notGzip(); // the deflate stream ends early
        }
        if (out.size() + (long) n > maxBytes) {
          throw new Failure(
              GrpcCode.INVALID_ARGUMENT,
              413,
              "the gzip body inflates to more than " + (maxBytes >> 20) + " MiB");
        }
        growing.accept(n);
        out.write(buffer, 0, n);
        crc.update(buffer, 0, n);
        length += n;
      }
      int trailer = in.length - inflater.getRemaining();
      require(in, trailer, 8);
      if (littleEndian(in, trailer) != crc.getValue()
          || littleEndian(in, trailer + 4) != (length & 0xffffffffL)) {
        throw notGzip();
      }
      return trailer + 8;
    } catch (DataFormatException e) {
      throw notGzip();
    } finally {
      inflater.end();
    }
  }

  private static int afterZero(byte[] in, int from) {
    for (int i = from; i < in.length; i++) {
      if (in[i] == 0) {
        return i + 1;
      }
    }
    throw notGzip();
  }

  private static int require(byte[] in, int at, int bytes) {
    if (at < 0 || in.length - at < bytes) {
      throw notGzip();
    }
    return at;
  }

  private static long littleEndian(byte[] in, int at) {
    return (in[at] & 0xffL)
        | (in[at + 1] & 0xffL) << 8
        | (in[at + 2] & 0xffL) << 16
        | (in[at + 3] & 0xffL) << 24;
  }

  private static Failure notGzip() {
    return Failure.invalid("the body is marked Content-Encoding: gzip but is not valid gzip");
  }
}
