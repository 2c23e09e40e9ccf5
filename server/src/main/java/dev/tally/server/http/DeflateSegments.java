package dev.tally.server.http;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip answers assembled from parts compressed once, ahead of time (the technique of pigz): each
 * part is a raw DEFLATE stream ended by a full flush (RFC 1951; byte-aligned, no final block, no
 * back-references into earlier parts), so any sequence of parts, followed by an empty final block,
 * is one valid DEFLATE stream. Wrapped in a gzip header and trailer (RFC 1952: CRC-32 and length of
 * the uncompressed bytes) it is one ordinary gzip member, which every HTTP client reads; a list of
 * cached invoices is thus sent gzipped without compressing anything at request time.
 *
 * <p>The price of compressing each invoice on its own is a somewhat larger answer than compressing
 * the whole list at once, since repeats across invoices are not shared.
 */
final class DeflateSegments {

  /**
   * The compression level of every part and of a list's one member ({@link GzipMember}): the
   * highest, as for a file precompressed for {@code gzip_static}, since a body is compressed once
   * (a finalized invoice for good, a draft or list per version) and sent many times. On invoice
   * JSON it comes out 7–10% smaller than at zlib's default level 6 for 1.2–1.3 times the work,
   * about 10 µs per KB (docs/benchmarks.md, "Gzip at the highest level").
   */
  static final int LEVEL = Deflater.BEST_COMPRESSION;

  private static final byte[] HEADER = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff // deflate, no name, no mtime, unknown OS
  };

  /** An empty DEFLATE block marked final: BFINAL=1, fixed Huffman, end of block. */
  private static final byte[] FINAL_BLOCK = {0x03, 0x00};

  private DeflateSegments() {}

  /**
   * One part compressed: its raw DEFLATE bytes ended by a full flush, with the CRC-32 and length of
   * the uncompressed part, which the gzip trailer of any answer containing it is computed from.
   *
   * @param deflated the raw DEFLATE bytes
   * @param crc the CRC-32 of the uncompressed part, 0 to 2^32 - 1
   * @param length the uncompressed part's length in bytes
   */
  record Segment(byte[] deflated, long crc, long length) {}

  /** {@code data} as a raw DEFLATE part ended by a full flush. */
  static Segment segment(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    Deflater deflater = new Deflater(LEVEL, true);
    try {
      deflater.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
      byte[] buffer = new byte[Math.max(64, Math.min(data.length + 64, 64 * 1024))];
      int written;
      do {
        written = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
        out.write(buffer, 0, written);
      } while (written == buffer.length);
      return new Segment(out.toByteArray(), crc.getValue(), data.length);
    } finally {
      deflater.end();
    }
  }

  /** The bytes a gzip member adds around its DEFLATE segments: header, final block, trailer. */
  static final int FRAME_BYTES = 10 + 2 + 8;

  /** The gzip header that starts every answer. */
  static byte[] header() {
    return HEADER.clone();
  }

  /**
   * The end of a gzip answer: the final empty block, then the CRC-32 and the length (modulo 2^32)
   * of the uncompressed parts, little-endian. The CRC comes from the segments' own, so no
   * uncompressed byte is read again ({@link Crc32Concatenation}).
   *
   * @param segments the segments, in the order they were sent
   */
  static byte[] trailer(List<Segment> segments) {
    long crc = 0;
    long length = 0;
    for (Segment segment : segments) {
      crc = Crc32Concatenation.combine(crc, segment.crc(), segment.length());
      length += segment.length();
    }
    byte[] trailer = new byte[FINAL_BLOCK.length + 8];
    System.arraycopy(FINAL_BLOCK, 0, trailer, 0, FINAL_BLOCK.length);
    writeIntLe(trailer, FINAL_BLOCK.length, crc);
    writeIntLe(trailer, FINAL_BLOCK.length + 4, length);
    return trailer;
  }

  private static void writeIntLe(byte[] into, int at, long value) {
    for (int i = 0; i < 4; i++) {
      into[at + i] = (byte) (value >>> (8 * i));
    }
  }
}
