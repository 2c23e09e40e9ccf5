package dev.tally.bench;

import dev.tally.server.Tally;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark command (run it with bin/benchmark). Each benchmark runs on a new, empty database
 * of the chosen backend, in this JVM: the server, its database (when embedded) and the client share
 * the machine, as they do when measured on one box.
 *
 * <pre>
 * Benchmarks ingest|draft-read|close|verify|all [--database embedded|postgres|all] [--postgres-url URL]
 *            [--events N] [--orgs N] [--clusters N] [--reads N] [--senders N] [--batch N] ...
 * </pre>
 *
 * Figures are printed as plain lines; nothing is asserted about time.
 */
public final class Benchmarks {

  /** Issue 11: new events per second on the embedded database. */
  static final double INGEST_TARGET_EVENTS_PER_SECOND = 100_000;

  /** Issue 11: on PostgreSQL, new events per second as a share of COPY's rows per second. */
  static final double INGEST_TARGET_SHARE_OF_COPY = 0.5;

  static final double DRAFT_TARGET_P99_MILLIS = 50;
  static final double CLOSE_TARGET_SECONDS = 60;
  static final double VERIFY_TARGET_INVOICES_PER_SECOND = 2_000;
  private static final String NOT_TARGET_SIZE =
      " [NOT the target's size: the verdict does not apply]";

  /** Everything a run can be told; the defaults are the sizes of the targets. */
  record Options(
      String command,
      List<String> databases,
      String postgresUrl,
      long events,
      int orgs,
      int clusters,
      int reads,
      int warmupReads,
      int senders,
      int batch,
      int ingestOrgs,
      boolean mixedBatches,
      long warmupEvents,
      int closeClusters,
      int closeEvents,
      int months,
      int setupThreads,
      boolean keep) {

    static Options parse(String[] args, Map<String, String> env) {
      String command = null;
      String database = "embedded";
      String postgresUrl = env.get("TALLY_TEST_POSTGRES_URL");
      long events = 1_000_000;
      int orgs = 10_000;
      int clusters = 50;
      int reads = 200;
      int warmupReads = 100;
      int senders = 4;
      int batch = 1_000;
      int ingestOrgs = 8;
      boolean mixed = false;
      long warmupEvents = -1;
      int closeClusters = 2;
      int closeEvents = 10;
      int months = 12;
      int setupThreads = 4;
      boolean keep = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          value = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        }
        switch (arg) {
          case "ingest", "draft-read", "close", "verify", "all" -> command = arg;
          case "--database" -> database = value != null ? value : next(args, ++i, arg);
          case "--postgres-url" -> postgresUrl = value != null ? value : next(args, ++i, arg);
          case "--events" -> events = number(value != null ? value : next(args, ++i, arg), arg);
          case "--orgs" -> orgs = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--clusters" ->
              clusters = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--reads" -> reads = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--warmup-reads" ->
              warmupReads = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--senders" ->
              senders = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--batch" -> batch = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--ingest-orgs" ->
              ingestOrgs = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--mixed-batches" -> mixed = true;
          case "--warmup-events" ->
              warmupEvents = number(value != null ? value : next(args, ++i, arg), arg);
          case "--close-clusters" ->
              closeClusters = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--close-events" ->
              closeEvents = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--months" ->
              months = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--setup-threads" ->
              setupThreads = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--keep" -> keep = true;
          default ->
              throw new IllegalArgumentException("unknown argument '" + args[i] + "'; see --help");
        }
      }
      if (command == null) {
        throw new IllegalArgumentException(
            "name a benchmark: ingest, draft-read, close, verify or all; see --help");
      }
      List<String> databases =
          switch (database) {
            case "embedded" -> List.of("embedded");
            case "postgres", "postgresql" -> List.of("postgres");
            case "all", "both" -> List.of("embedded", "postgres");
            default ->
                throw new IllegalArgumentException(
                    "--database is embedded, postgres or all, got '" + database + "'");
          };
      if (warmupEvents < 0) {
        warmupEvents = Math.min(100_000, events / 10);
      }
      if (batch < 1
          || batch > 10_000
          || senders < 1
          || ingestOrgs < 1
          || clusters < 1
          || closeClusters < 1
          || reads < 1
          || events < 1
          || orgs < 1
          || closeEvents < 0
          || months < 1
          || setupThreads < 1) {
        throw new IllegalArgumentException("sizes must be positive, and --batch at most 10000");
      }
      return new Options(
          command,
          databases,
          postgresUrl,
          events,
          orgs,
          clusters,
          reads,
          warmupReads,
          senders,
          batch,
          ingestOrgs,
          mixed,
          warmupEvents,
          closeClusters,
          closeEvents,
          months,
          setupThreads,
          keep);
    }

    private static String next(String[] args, int i, String flag) {
      if (i >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[i];
    }

    private static long number(String text, String flag) {
      try {
        return Long.parseLong(text.replace("_", "").replace(",", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " takes a whole number, got '" + text + "'");
      }
    }
  }

  static final String USAGE =
      """
      usage: bin/benchmark ingest|draft-read|close|verify|all [options]

        ingest       new events over HTTP (POST /operator/v1/usage-events), then the same batches again;
                     on PostgreSQL also COPY of the same rows into a table with the same keys, beside it
        draft-read   GET /api/v1/invoices/{id} of the running month's DRAFT of one large organization
        close        PeriodClose.closeAll(last month) for many organizations
        verify       InvoiceVerifier.verify (tally invoices verify) over --orgs organizations x --months
        all          the four, in that order

        --database embedded|postgres|all   backend(s) (default embedded); postgres uses --postgres-url,
                                           else $TALLY_TEST_POSTGRES_URL (an admin URL: a new database
                                           is created on it for each benchmark and dropped after)
        --events N          ingest: events timed; draft-read: events this month (default 1000000)
        --clusters N        clusters of each organization in ingest and draft-read (default 50)
        --reads N           draft reads timed (default 200), after --warmup-reads N (default 100)
        --senders N         concurrent HTTP senders, virtual threads (default 4)
        --batch N           events per request (default 1000)
        --ingest-orgs N     organizations the ingested events belong to (default 8)
        --mixed-batches     every batch spans all those organizations (default: one organization per batch)
        --warmup-events N   events sent before timing starts (default min(100000, events/10))
        --orgs N            close, verify: organizations (default 10000)
        --close-clusters N  close: clusters per organization (default 2)
        --close-events N    close, verify: events per organization and month (default 10)
        --months N          verify: closed months per organization (default 12)
        --keep              keep the databases (prints where they are)
      """;

  private Benchmarks() {}

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("benchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      List<String> summary = run(options, System.out);
      System.out.println();
      summary.forEach(System.out::println);
      System.exit(0);
    } catch (Exception e) {
      System.err.println("benchmark failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** Runs what {@code options} names; returns one summary line per benchmark and backend. */
  static List<String> run(Options o, PrintStream out) throws Exception {
    Runtime rt = Runtime.getRuntime();
    double memory =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getTotalMemorySize() / 1e9
            : Double.NaN;
    out.printf(
        Locale.ROOT,
        "machine: %d processors, %.1f GB memory, %.1f GB max heap, Java %s (%s), %s %s%n",
        rt.availableProcessors(),
        memory,
        rt.maxMemory() / 1e9,
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
    out.println(
        "jvm arguments: "
            + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    List<String> benchmarks =
        o.command().equals("all")
            ? List.of("ingest", "draft-read", "close", "verify")
            : List.of(o.command());
    List<String> summary = new ArrayList<>();
    for (String backend : o.databases()) {
      for (String benchmark : benchmarks) {
        summary.add(runOne(benchmark, backend, o, out));
      }
    }
    return summary;
  }

  private static String runOne(String benchmark, String backend, Options o, PrintStream out)
      throws Exception {
    try (BenchDatabase db = BenchDatabase.fresh(backend, o.postgresUrl(), benchmark, o.keep())) {
      try (Tally tally = Fixtures.open(db.config())) {
        Report report =
            new Report(out, benchmark, backend, new CpuMeter(postgresBackendPid(tally)), 60);
        report.line(
            "database: %s, %s",
            Fixtures.databaseProduct(tally),
            db.config().isEmbedded() ? db.config().jdbcUrl() : db.config().describe());
        return switch (benchmark) {
          case "ingest" -> {
            var r =
                IngestBenchmark.run(
                    tally,
                    new IngestBenchmark.Settings(
                        o.events(),
                        o.batch(),
                        o.senders(),
                        o.ingestOrgs(),
                        o.clusters(),
                        o.mixedBatches(),
                        o.warmupEvents()),
                    report);
            String shape =
                String.format(
                    Locale.ROOT,
                    "%d senders, batches of %d, %d organizations%s",
                    o.senders(),
                    o.batch(),
                    o.ingestOrgs(),
                    o.mixedBatches() ? " (mixed batches)" : " (one per batch)");
            String sizeNote = o.batch() == 1_000 ? "" : NOT_TARGET_SIZE;
            if (r.copy() == null) {
              yield String.format(
                      Locale.ROOT,
                      "summary %-8s ingest: %.0f events/s new (target >= %.0f: %s), %.0f events/s replayed duplicates; %s",
                      backend,
                      r.fresh().eventsPerSecond(),
                      INGEST_TARGET_EVENTS_PER_SECOND,
                      verdict(
                          r.fresh().eventsPerSecond() >= INGEST_TARGET_EVENTS_PER_SECOND,
                          r.fresh().eventsPerSecond() / INGEST_TARGET_EVENTS_PER_SECOND),
                      r.replay().eventsPerSecond(),
                      shape)
                  + sizeNote;
            }
            double copyRate = r.copy().best().eventsPerSecond();
            double share = r.fresh().eventsPerSecond() / copyRate;
            yield String.format(
                    Locale.ROOT,
                    "summary %-8s ingest: %.0f events/s new | COPY of the same rows %.0f rows/s"
                        + " (batched %.0f, one stream %.0f) | Tally/COPY %.2f (target >= %.2f: %s);"
                        + " %.0f events/s replayed duplicates; %s",
                    backend,
                    r.fresh().eventsPerSecond(),
                    copyRate,
                    r.copy().batched().eventsPerSecond(),
                    r.copy().oneStream().eventsPerSecond(),
                    share,
                    INGEST_TARGET_SHARE_OF_COPY,
                    verdict(
                        share >= INGEST_TARGET_SHARE_OF_COPY, share / INGEST_TARGET_SHARE_OF_COPY),
                    r.replay().eventsPerSecond(),
                    shape)
                + sizeNote;
          }
          case "draft-read" -> {
            var r =
                DraftReadBenchmark.run(
                    tally,
                    new DraftReadBenchmark.Settings(
                        o.events(), o.clusters(), o.reads(), o.warmupReads()),
                    report);
            double p99 = r.reads().percentileMillis(99);
            yield String.format(
                    Locale.ROOT,
                    "summary %-8s draft-read: %s (target p99 < %.0f ms: %s); %d events, %d clusters, %d reads",
                    backend,
                    r.reads().summary(),
                    DRAFT_TARGET_P99_MILLIS,
                    verdict(p99 < DRAFT_TARGET_P99_MILLIS, DRAFT_TARGET_P99_MILLIS / p99),
                    r.accepted(),
                    o.clusters(),
                    o.reads())
                + (o.events() == 1_000_000 && o.clusters() == 50 ? "" : NOT_TARGET_SIZE);
          }
          case "close" -> {
            var r =
                CloseBenchmark.run(
                    tally,
                    new CloseBenchmark.Settings(
                        o.orgs(), o.closeClusters(), o.closeEvents(), o.setupThreads()),
                    report);
            yield String.format(
                    Locale.ROOT,
                    "summary %-8s close: %d organizations in %.1f s = %.0f organizations/s (target < %.0f s: %s)",
                    backend,
                    r.summary().closed(),
                    r.seconds(),
                    r.organizationsPerSecond(),
                    CLOSE_TARGET_SECONDS,
                    verdict(r.seconds() < CLOSE_TARGET_SECONDS, CLOSE_TARGET_SECONDS / r.seconds()))
                + (o.orgs() == 10_000 ? "" : NOT_TARGET_SIZE);
          }
          case "verify" -> {
            var r =
                VerifyBenchmark.run(
                    tally,
                    new VerifyBenchmark.Settings(
                        o.orgs(), o.months(), o.closeClusters(), o.closeEvents(), o.setupThreads()),
                    report);
            yield String.format(
                    Locale.ROOT,
                    "summary %-8s verify: %d invoices in %.1f s = %.0f invoices/s (target >= %.0f: %s);"
                        + " closing them took %.1f s",
                    backend,
                    r.verify().checked(),
                    r.verify().elapsed().toNanos() / 1e9,
                    r.invoicesPerSecond(),
                    VERIFY_TARGET_INVOICES_PER_SECOND,
                    verdict(
                        r.invoicesPerSecond() >= VERIFY_TARGET_INVOICES_PER_SECOND,
                        r.invoicesPerSecond() / VERIFY_TARGET_INVOICES_PER_SECOND),
                    r.closeSeconds())
                + (o.orgs() == 10_000 && o.months() == 12 ? "" : NOT_TARGET_SIZE);
          }
          default -> throw new IllegalArgumentException(benchmark);
        };
      }
    }
  }

  /**
   * A backend process of the PostgreSQL server, to find the server's processes by; 0 when embedded.
   */
  private static long postgresBackendPid(Tally tally) {
    if (tally.database().config().isEmbedded()) {
      return 0;
    }
    try (Connection c = tally.database().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      long pid = rows.getLong(1);
      c.rollback();
      return pid;
    } catch (SQLException e) {
      return 0;
    }
  }

  /** "met (2.1x headroom)" or "MISSED (at 0.80x of target)". */
  private static String verdict(boolean met, double ratio) {
    return met
        ? String.format(Locale.ROOT, "met, %.2fx", ratio)
        : String.format(Locale.ROOT, "MISSED, at %.2fx of target", ratio);
  }
}
