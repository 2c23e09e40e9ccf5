package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The CRC-32 of two sequences joined, from their CRCs, is the CRC-32 of the joined bytes. */
class Crc32ConcatenationTest {

  private static long crc(byte[] bytes, int from, int to) {
    CRC32 crc = new CRC32();
    crc.update(bytes, from, to - from);
    return crc.getValue();
  }

  @Test
  void combiningTheTwoHalvesGivesTheCrcOfTheWhole() {
    Random random = new Random(11);
    for (int example = 0; example < 2_000; example++) {
      int length = example % 10 == 0 ? random.nextInt(300_000) : random.nextInt(300);
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      int cut = length == 0 ? 0 : random.nextInt(length + 1);
      assertThat(
              Crc32Concatenation.combine(crc(bytes, 0, cut), crc(bytes, cut, length), length - cut))
          .as("%d bytes cut at %d", length, cut)
          .isEqualTo(crc(bytes, 0, length));
    }
  }

  @Test
  void anEmptySequenceChangesNothing() {
    byte[] bytes = "{\"invoices\":[".getBytes();
    long crc = crc(bytes, 0, bytes.length);
    assertThat(Crc32Concatenation.combine(crc, 0, 0)).isEqualTo(crc);
    assertThat(Crc32Concatenation.combine(0, crc, bytes.length)).isEqualTo(crc);
  }

  @Test
  void aNegativeLengthIsRefused() {
    assertThatThrownBy(() -> Crc32Concatenation.combine(1, 2, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
