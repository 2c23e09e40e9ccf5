package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * Parts compressed one by one and joined are one gzip stream that inflates to the joined parts:
 * what lets a list be sent gzipped from its invoices' cached segments.
 */
class DeflateSegmentsTest {

  @Test
  void joinedSegmentsInflateToTheJoinedParts() throws IOException {
    Random random = new Random(7);
    for (int parts = 0; parts < 40; parts += 7) {
      List<JsonBody> bodies =
          java.util.stream.IntStream.range(0, parts)
              .mapToObj(i -> JsonBody.of(sample(random, random.nextInt(200_000))))
              .toList();
      JsonListBody list = new JsonListBody(bodies);

      byte[] identity = list.identity().joined();
      assertThat(inflate(list.gzip().joined())).isEqualTo(identity);
      assertThat(list.identity().length()).isEqualTo(identity.length);
    }
  }

  @Test
  void oneBodyInflatesToItself() throws IOException {
    for (int length : new int[] {0, 1, 1_500, 65_535, 65_536, 1_000_000}) {
      JsonBody body = JsonBody.of(sample(new Random(length), length));
      assertThat(inflate(body.gzip().joined())).as("%d bytes", length).isEqualTo(body.json());
    }
  }

  @Test
  void anEmptyListIsTheEmptyJsonList() throws IOException {
    JsonListBody empty = new JsonListBody(List.of());
    assertThat(new String(empty.identity().joined(), StandardCharsets.UTF_8))
        .isEqualTo("{\"invoices\":[]}");
    assertThat(inflate(empty.gzip().joined())).isEqualTo(empty.identity().joined());
  }

  @Test
  void theListTagChangesWhenAndOnlyWhenAnInvoiceDoes() {
    JsonBody a = JsonBody.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    JsonBody b = JsonBody.of("{\"b\":2}".getBytes(StandardCharsets.UTF_8));
    JsonBody bAgain = JsonBody.of("{\"b\":2}".getBytes(StandardCharsets.UTF_8));
    JsonBody c = JsonBody.of("{\"b\":3}".getBytes(StandardCharsets.UTF_8));

    assertThat(new JsonListBody(List.of(a, b)).etag())
        .isEqualTo(new JsonListBody(List.of(a, bAgain)).etag())
        .isNotEqualTo(new JsonListBody(List.of(a, c)).etag())
        .isNotEqualTo(new JsonListBody(List.of(b, a)).etag())
        .isNotEqualTo(new JsonListBody(List.of(a)).etag())
        .matches("\"[A-Za-z0-9_-]{22}\"");
    assertThat(a.gzipEtag()).isEqualTo(a.etag().replaceFirst("\"$", "-gzip\""));
  }

  /** JSON-like text: compressible, as invoices are, with a random stretch in it. */
  private static byte[] sample(Random random, int length) {
    byte[] bytes = new byte[length];
    byte[] pattern = "{\"sku\":\"standard.compute\",\"quantity\":\"12.5\"},".getBytes();
    for (int i = 0; i < length; i++) {
      bytes[i] = i % 997 < 50 ? (byte) random.nextInt(256) : pattern[i % pattern.length];
    }
    return bytes;
  }

  /**
   * Reads the bytes as exactly one gzip member (RFC 1952), stricter than {@link GZIPInputStream},
   * which would also accept several members one after another: one DEFLATE stream that ends with a
   * final block, then the CRC-32 and length of what it inflated to, and nothing after.
   */
  private static byte[] inflate(byte[] gzip) throws IOException {
    assertThat(gzip).startsWith(0x1f, 0x8b, 8);
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(gzip, 10, gzip.length - 10);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && inflater.needsInput()) {
          throw new AssertionError("the DEFLATE stream has no final block");
        }
        out.write(buffer, 0, n);
      }
      assertThat(inflater.getRemaining()).as("bytes after the DEFLATE stream").isEqualTo(8);
      byte[] inflated = out.toByteArray();
      ByteBuffer trailer = ByteBuffer.wrap(gzip, gzip.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
      CRC32 crc = new CRC32();
      crc.update(inflated);
      assertThat(Integer.toUnsignedLong(trailer.getInt())).isEqualTo(crc.getValue());
      assertThat(trailer.getInt()).isEqualTo(inflated.length);
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
        assertThat(in.readAllBytes()).isEqualTo(inflated);
      }
      return inflated;
    } catch (DataFormatException e) {
      throw new AssertionError("not DEFLATE: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
