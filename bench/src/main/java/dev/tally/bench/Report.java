package dev.tally.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints figures as plain lines, each prefixed with the benchmark and the backend. */
final class Report {

  private static final java.time.format.DateTimeFormatter CLOCK =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
          .withZone(java.time.ZoneOffset.UTC);

  private final PrintStream out;
  private final String prefix;
  private final CpuMeter cpu;
  private final int maxSettleSeconds;

  /** Without waiting for background work before timings: for the smoke test. */
  Report(PrintStream out, String benchmark, String backend) {
    this(out, benchmark, backend, new CpuMeter(0), 0);
  }

  Report(PrintStream out, String benchmark, String backend, CpuMeter cpu, int maxSettleSeconds) {
    this.out = out;
    this.prefix = "[" + benchmark + " " + backend + "] ";
    this.cpu = cpu;
    this.maxSettleSeconds = maxSettleSeconds;
  }

  CpuMeter.Reading cpu() {
    return cpu.read();
  }

  /**
   * Waits for background work to finish before a timing (see {@link CpuMeter#settle}), and says so.
   */
  void settle() {
    if (maxSettleSeconds <= 0) {
      return;
    }
    double waited = cpu.settle(maxSettleSeconds);
    line(
        "waited %.0f s for background work after the load (H2 store compaction, PostgreSQL autovacuum) to finish",
        waited);
  }

  void line(String format, Object... args) {
    out.println(prefix + String.format(Locale.ROOT, format, args));
    out.flush();
  }

  void phase(IngestBenchmark.Phase p) {
    line(
        "%s: %d events in %d batches in %.2f s = %.0f events/s (accepted %d, duplicates %d, rejected %d);"
            + " batch round trip %s",
        p.name(),
        p.events(),
        p.batches(),
        p.seconds(),
        p.eventsPerSecond(),
        p.accepted(),
        p.duplicates(),
        p.rejected(),
        p.batchLatency().summary());
    line(
        "  %s; %.0f events per CPU-second of the benchmark; timed %s to %s UTC (to find it in a profile)",
        CpuMeter.describe(p.cpuFrom(), p.cpuTo()),
        p.events() / CpuMeter.ownSeconds(p.cpuFrom(), p.cpuTo()),
        CLOCK.format(p.started()),
        CLOCK.format(p.started().plusNanos((long) (p.seconds() * 1e9))));
  }
}
