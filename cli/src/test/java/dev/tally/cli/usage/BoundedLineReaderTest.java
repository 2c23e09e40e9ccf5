package dev.tally.cli.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines with a cap on their length, so memory is bounded whatever the input. */
class BoundedLineReaderTest {

  @Test
  void splitsAtNewlinesAndCarriageReturnNewlinesAndKeepsALastLineWithoutOne() throws IOException {
    assertThat(lines("a\nb\r\n\nc", 100)).containsExactly("a", "b", "", "c");
    assertThat(lines("a\n", 100)).containsExactly("a");
    assertThat(lines("", 100)).isEmpty();
  }

  @Test
  void anOverLongLineIsCutMarkedAndTheNextLineReadWhole() throws IOException {
    BoundedLineReader reader =
        new BoundedLineReader(new StringReader("x".repeat(50) + "\nshort\n"), 10);
    BoundedLineReader.Line first = reader.next();
    assertThat(first.tooLong()).isTrue();
    assertThat(first.text()).hasSize(10);
    assertThat(reader.next()).isEqualTo(new BoundedLineReader.Line("short", false));
    assertThat(reader.next()).isNull();
  }

  @Test
  void aLineExactlyAtTheLimitIsWholeEvenWithACarriageReturn() throws IOException {
    assertThat(new BoundedLineReader(new StringReader("0123456789\r\n"), 10).next())
        .isEqualTo(new BoundedLineReader.Line("0123456789", false));
  }

  @Test
  void aGigabyteWithoutLineBreaksIsReadInTheMemoryOfTheLimit() throws IOException {
    long size = 1L << 30;
    Reader endless =
        new Reader() {
          long left = size;

          @Override
          public int read(char[] buffer, int offset, int length) {
            if (left == 0) {
              return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, 'z');
            left -= n;
            return n;
          }

          @Override
          public void close() {}
        };
    BoundedLineReader.Line line = new BoundedLineReader(endless, 1000).next();
    assertThat(line.tooLong()).isTrue();
    assertThat(line.text()).hasSize(1000);
  }

  private static List<String> lines(String text, int max) throws IOException {
    BoundedLineReader reader = new BoundedLineReader(new StringReader(text), max);
    List<String> lines = new ArrayList<>();
    for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
      lines.add(line.text());
    }
    return lines;
  }
}
