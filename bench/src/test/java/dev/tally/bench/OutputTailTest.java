package dev.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A child's output is kept whole when short, and by its two ends when long. */
class OutputTailTest {

  @Test
  void shortOutputIsKeptWhole() throws Exception {
    OutputTail tail = OutputTail.of(stream("started\nfailed: no database\n"), "test");
    tail.join(5_000);

    assertThat(tail.text()).isEqualTo("started\nfailed: no database\n");
  }

  @Test
  void longOutputKeepsItsFirstAndLastLinesAndSaysHowMuchWasLeftOut() throws Exception {
    StringBuilder log = new StringBuilder("FIRST LINE\n");
    for (int i = 0; i < 20_000; i++) {
      log.append("GET /api/v1/invoices 200 1ms\n");
    }
    log.append("LAST LINE\n");
    OutputTail tail = OutputTail.of(stream(log.toString()), "test");
    tail.join(5_000);

    String kept = tail.text();
    assertThat(kept).startsWith("FIRST LINE\n").endsWith("LAST LINE\n").contains("bytes left out");
    assertThat(kept.length()).isLessThan(33 * 1024 + 100);
  }

  @Test
  void outputBetweenOneAndTwoBuffersIsKeptWholeWithoutRepeats() throws Exception {
    String log = "A".repeat(16 * 1024) + "B".repeat(8 * 1024);
    OutputTail tail = OutputTail.of(stream(log), "test");
    tail.join(5_000);

    assertThat(tail.text()).isEqualTo(log);
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
