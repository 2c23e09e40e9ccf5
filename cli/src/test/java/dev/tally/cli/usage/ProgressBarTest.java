package dev.tally.cli.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.model.operator.UsageEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress on stderr: a bar redrawn in place on a terminal, a line now and then elsewhere. */
class ProgressBarTest {

  private final StringWriter err = new StringWriter();
  private final AtomicLong now = new AtomicLong();
  private final ImportSummary summary = new ImportSummary();

  private ProgressBar bar(ProgressBar.Mode mode) {
    return new ProgressBar(new PrintWriter(err), mode, 1000, now::get);
  }

  private void answered(int accepted, int duplicates) {
    List<UsageLine.Event> events =
        java.util.stream.IntStream.range(0, accepted + duplicates)
            .mapToObj(
                i ->
                    new UsageLine.Event(
                        i + 1,
                        new UsageEvent("e" + i, "o", "c", "s", BigDecimal.ONE, Instant.EPOCH),
                        10))
            .toList();
    events.forEach(e -> summary.queued());
    summary.answered(
        new UsageBatch(summary.batches() + 1, events),
        new IngestUsageResponse(accepted, duplicates, List.of()));
  }

  @Test
  void onATerminalOneLineIsRedrawnInPlaceWithShareCountsAndRate() {
    ProgressBar bar = bar(ProgressBar.Mode.BAR);
    answered(1500, 500);
    now.set(Duration.ofSeconds(2).toNanos());
    bar.update(summary, 2000, 420);

    assertThat(err.toString())
        .isEqualTo(
            "\r 42% [########------------] 2,000 lines  1,500 accepted  500 duplicates  0 rejected  1,000 lines/s");
    now.addAndGet(Duration.ofMillis(50).toNanos());
    bar.update(summary, 2001, 421);
    assertThat(err.toString()).as("at most ten redraws a second").doesNotContain("2,001");

    now.set(Duration.ofSeconds(4).toNanos());
    bar.finish(summary, 4000, 1000);
    assertThat(err.toString())
        .contains("\r100% [####################] 4,000 lines")
        .endsWith("\nusage import: done in 4.0 s: 4,000 lines in 1 batch (1,000 lines/s)\n");
  }

  @Test
  void aNoteClearsTheBarFirst() {
    ProgressBar bar = bar(ProgressBar.Mode.BAR);
    now.set(Duration.ofSeconds(1).toNanos());
    bar.update(summary, 10, 10);
    bar.note("retrying");
    String text = err.toString();
    assertThat(text.substring(text.lastIndexOf('\r', text.length() - 2))).isEqualTo("\rretrying\n");
  }

  @Test
  void elsewhereAPlainLineEveryTenSeconds() {
    ProgressBar bar = bar(ProgressBar.Mode.PLAIN);
    answered(10, 0);
    now.set(Duration.ofSeconds(5).toNanos());
    bar.update(summary, 10, 100);
    assertThat(err.toString()).isEmpty();
    now.set(Duration.ofSeconds(10).toNanos());
    bar.update(summary, 10, 100);
    assertThat(err.toString())
        .isEqualTo(
            "usage import: 10 lines read (10%), 10 accepted, 0 duplicates, 0 rejected, 1 line/s\n");
  }

  @Test
  void noneShowsOnlyNotes() {
    ProgressBar bar = bar(ProgressBar.Mode.NONE);
    now.set(Duration.ofSeconds(60).toNanos());
    bar.update(summary, 10, 100);
    bar.finish(summary, 10, 100);
    bar.note("retrying");
    assertThat(err.toString()).isEqualTo("retrying\n");
  }
}
