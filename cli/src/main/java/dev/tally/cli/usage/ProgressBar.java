package dev.tally.cli.usage;

import dev.tally.cli.format.Counted;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of an import on stderr. On a terminal, one line redrawn in place at most ten times a
 * second: share of the file, lines read, accepted, duplicates, rejected and the rate. Elsewhere (a
 * log, a CI job) a plain line every ten seconds, so logs stay short. Notes, such as a retry, are
 * printed in every mode.
 */
public final class ProgressBar {

  public enum Mode {
    /** Redraw one line in place. */
    BAR,
    /** A line now and then. */
    PLAIN,
    /** Only notes and nothing else. */
    NONE
  }

  private static final long BAR_INTERVAL = Duration.ofMillis(100).toNanos();
  private static final long PLAIN_INTERVAL = Duration.ofSeconds(10).toNanos();
  private static final int BAR_WIDTH = 20;

  private final PrintWriter err;
  private final Mode mode;
  private final long totalBytes;
  private final LongSupplier nanoTime;
  private final long started;
  private long lastDrawn;
  private int drawnWidth;

  /**
   * @param totalBytes the file's size, or 0 when unknown
   * @param nanoTime the clock, {@code System::nanoTime} outside tests
   */
  public ProgressBar(PrintWriter err, Mode mode, long totalBytes, LongSupplier nanoTime) {
    this.err = err;
    this.mode = mode;
    this.totalBytes = totalBytes;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    this.lastDrawn = started;
  }

  /** Shows the counts if it is time to. Cheap enough to call for every line. */
  public void update(ImportSummary summary, long lines, long bytes) {
    if (mode == Mode.NONE) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (now - lastDrawn < (mode == Mode.BAR ? BAR_INTERVAL : PLAIN_INTERVAL)) {
      return;
    }
    lastDrawn = now;
    draw(summary, lines, bytes, now);
  }

  /** A message on a line of its own, above the bar. */
  public void note(String message) {
    clearBar();
    err.println(message);
    err.flush();
  }

  /** The final counts, and how long it took. */
  public void finish(ImportSummary summary, long lines, long bytes) {
    if (mode == Mode.NONE) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (mode == Mode.BAR) {
      draw(summary, lines, bytes, now);
      err.println();
      drawnWidth = 0;
    }
    double seconds = Math.max(now - started, 1) / 1e9;
    err.printf(
        Locale.ROOT,
        "usage import: done in %.1f s: %s in %s (%s)%n",
        seconds,
        Counted.of(lines, "line"),
        Counted.of(summary.batches(), "batch", "batches"),
        Counted.perSecond(lines / seconds, "line"));
    err.flush();
  }

  /** Leaves the bar's line, so an error printed next starts on a clean one. */
  public void abort() {
    if (drawnWidth > 0) {
      err.println();
      err.flush();
      drawnWidth = 0;
    }
  }

  private void draw(ImportSummary summary, long lines, long bytes, long now) {
    double seconds = Math.max(now - started, 1) / 1e9;
    String rate = Counted.perSecond(lines / seconds, "line");
    if (mode == Mode.BAR) {
      String text =
          share(bytes)
              + Counted.of(lines, "line")
              + "  "
              + count(summary.accepted())
              + " accepted  "
              + Counted.of(summary.duplicates(), "duplicate")
              + "  "
              + count(summary.rejected())
              + " rejected  "
              + rate;
      // Spaces over whatever a longer previous line left.
      err.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
      drawnWidth = text.length();
    } else {
      err.println(
          "usage import: "
              + Counted.of(lines, "line")
              + " read"
              + (totalBytes > 0 ? " (" + percent(bytes) + "%)" : "")
              + ", "
              + count(summary.accepted())
              + " accepted, "
              + Counted.of(summary.duplicates(), "duplicate")
              + ", "
              + count(summary.rejected())
              + " rejected, "
              + rate);
    }
    err.flush();
  }

  /** {@code " 42% [########------------] "}, or nothing when the size is unknown. */
  private String share(long bytes) {
    if (totalBytes <= 0) {
      return "";
    }
    int percent = percent(bytes);
    int filled = percent * BAR_WIDTH / 100;
    return String.format(
        Locale.ROOT, "%3d%% [%s%s] ", percent, "#".repeat(filled), "-".repeat(BAR_WIDTH - filled));
  }

  private int percent(long bytes) {
    return (int) Math.min(100, bytes * 100 / Math.max(totalBytes, 1));
  }

  private void clearBar() {
    if (drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      drawnWidth = 0;
    }
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
