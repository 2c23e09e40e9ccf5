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
 * Benchmarks ingest|draft-read|close|verify|serve|all [--database embedded|postgres|all] [--postgres-url URL]
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
      int warmupReplays,
      int closeClusters,
      int closeEvents,
      int months,
      int setupThreads,
      boolean keep,
      Serve serve) {

    /**
     * The serve benchmark's own options (see {@link ServeBenchmark}); its sizes are {@code orgs},
     * {@code months} and {@code clusters}, whose defaults differ for it.
     */
    record Serve(
        int smallClusters,
        List<Integer> connections,
        int wrkThreads,
        int durationSeconds,
        int runs,
        int warmupSeconds,
        List<String> javaOptions,
        String tallyJar) {}

    static Options parse(String[] args, Map<String, String> env) {
      String command = null;
      String database = "embedded";
      String postgresUrl = env.get("TALLY_TEST_POSTGRES_URL");
      long events = 1_000_000;
      Integer orgs = null;
      Integer clusters = null;
      int reads = 200;
      int warmupReads = 100;
      // Eight batches in flight: on the embedded database the batches that arrive while one commits
      // share the next commit (GroupCommit), and with four the writer waited on the senders' round
      // trips (docs/benchmarks.md, "Ingestion, warm and with eight senders").
      int senders = 8;
      int batch = 1_000;
      int ingestOrgs = 8;
      boolean mixed = false;
      long warmupEvents = -1;
      int warmupReplays = 6;
      int closeClusters = 2;
      int closeEvents = 10;
      Integer months = null;
      int setupThreads = 4;
      boolean keep = false;
      int smallClusters = 3;
      List<Integer> connections = List.of(16, 64);
      int wrkThreads = 2;
      int duration = 15;
      int runs = 1;
      int warmup = 5;
      String heap = "256m";
      String javaOptions = env.getOrDefault("TALLY_SERVE_JAVA_OPTS", "");
      String tallyJar = System.getProperty("tally.jar", "cli/target/tally.jar");
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          value = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        }
        switch (arg) {
          case "ingest", "draft-read", "close", "verify", "serve", "all" -> command = arg;
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
          case "--warmup-replays" ->
              warmupReplays = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--close-clusters" ->
              closeClusters = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--close-events" ->
              closeEvents = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--months" ->
              months = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--setup-threads" ->
              setupThreads = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--keep" -> keep = true;
          case "--small-clusters" ->
              smallClusters = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--connections" ->
              connections = numbers(value != null ? value : next(args, ++i, arg), arg);
          case "--wrk-threads" ->
              wrkThreads = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--duration" ->
              duration = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--runs" -> runs = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--warmup" ->
              warmup = (int) number(value != null ? value : next(args, ++i, arg), arg);
          case "--heap" -> heap = value != null ? value : next(args, ++i, arg);
          case "--tally-jar" -> tallyJar = value != null ? value : next(args, ++i, arg);
          default ->
              throw new IllegalArgumentException("unknown argument '" + args[i] + "'; see --help");
        }
      }
      if (command == null) {
        throw new IllegalArgumentException(
            "name a benchmark: ingest, draft-read, close, verify, serve or all; see --help");
      }
      boolean serve = command.equals("serve");
      orgs = orgs != null ? orgs : serve ? 1_000 : 10_000;
      clusters = clusters != null ? clusters : serve ? 20 : 50;
      months = months != null ? months : serve ? 36 : 12;
      if (!heap.matches("[0-9]{1,12}[kmgKMG]?")) {
        throw new IllegalArgumentException(
            "--heap is a size such as 256m or 1g, got '" + heap + "'");
      }
      List<String> serveJava = new ArrayList<>();
      serveJava.add("-Xmx" + heap);
      // As the launchers start it (README, "Memory and start-up"), unless the bound is smaller.
      if (heapBytes(heap) >= 64L << 20) {
        serveJava.add("-Xms64m");
      }
      for (String option : javaOptions.trim().split("\\s+")) {
        if (!option.isEmpty()) {
          serveJava.add(option);
        }
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
        // Long enough for the JIT compiler to settle: after 100,000 events it still took a quarter
        // of the measured pass's CPU, after 600,000 about a sixth (docs/benchmarks.md).
        warmupEvents = Math.min(600_000, events * 3 / 5);
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
          || setupThreads < 1
          || smallClusters < 1
          || wrkThreads < 1
          || duration < 1
          || runs < 1
          || warmup < 0
          || warmupReplays < 0
          || connections.stream().anyMatch(c -> c < 1)) {
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
          warmupReplays,
          closeClusters,
          closeEvents,
          months,
          setupThreads,
          keep,
          new Serve(
              smallClusters,
              connections,
              wrkThreads,
              duration,
              runs,
              warmup,
              List.copyOf(serveJava),
              tallyJar));
    }

    /** "16,64" to [16, 64]. */
    private static List<Integer> numbers(String text, String flag) {
      List<Integer> numbers = new ArrayList<>();
      for (String part : text.split(",")) {
        numbers.add((int) number(part.trim(), flag));
      }
      return List.copyOf(numbers);
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
      usage: bin/benchmark ingest|draft-read|close|verify|serve|all [options]

        ingest       new events over HTTP (POST /operator/v1/usage-events), then the same batches again;
                     on PostgreSQL also COPY of the same rows into a table with the same keys, beside it
        draft-read   GET /api/v1/invoices/{id} of the running month's DRAFT of one large organization
        close        PeriodClose.closeAll(last month) for many organizations
        verify       InvoiceVerifier.verify (tally invoices verify) over --orgs organizations x --months
        serve        tally serve (a process of its own) beside nginx serving the same bytes, loaded by wrk
        all          the first four, in that order (not serve: it needs wrk and nginx, and takes long)

        --database embedded|postgres|all   backend(s) (default embedded); postgres uses --postgres-url,
                                           else $TALLY_TEST_POSTGRES_URL (an admin URL: a new database
                                           is created on it for each benchmark and dropped after)
        --events N          ingest: events timed; draft-read: events this month (default 1000000)
        --clusters N        clusters of each organization in ingest and draft-read (default 50)
        --reads N           draft reads timed (default 200), after --warmup-reads N (default 100)
        --senders N         concurrent HTTP senders, virtual threads (default 8)
        --batch N           events per request (default 1000)
        --ingest-orgs N     organizations the ingested events belong to (default 8)
        --mixed-batches     every batch spans all those organizations (default: one organization per batch)
        --warmup-events N   events sent before timing starts (default min(600000, events*3/5))
        --warmup-replays N  then at most N replays of those events, until the JIT compiler uses
                            under a tenth of the JVM's CPU in one (default 6; 0: none)
        --orgs N            close, verify: organizations (default 10000)
        --close-clusters N  close: clusters per organization (default 2)
        --close-events N    close, verify: events per organization and month (default 10)
        --months N          verify: closed months per organization (default 12)
        --keep              keep the databases (prints where they are)

      serve (needs Debian's wrk and nginx-light; sizes default to issue 11's):
        --orgs N            organizations of each variant (default 1000 for serve)
        --months N          closed months of each organization, plus the running one (default 36)
        --clusters N        clusters of the large variant (default 20 for serve), 5 SKUs each
        --small-clusters N  clusters of the small variant (default 3)
        --duration S        seconds of each measured wrk run (default 15)
        --runs N            runs of each case and side, figures are medians (default 1)
        --connections L     comma-separated connection counts (default 16,64)
        --wrk-threads N     wrk's threads (default 2)
        --warmup S          seconds of Tally warm-up per case before measuring (default 5; 0: none)
        --heap SIZE         tally serve's -Xmx (default 256m; -Xms64m as the launchers, if it is larger);
                            more JVM options in $TALLY_SERVE_JAVA_OPTS
        --tally-jar PATH    the executable (default cli/target/tally.jar; bin/benchmark builds it)
      """;

  /** A size as {@code --heap} takes it ({@code 256m}, {@code 1g}, bytes), in bytes. */
  private static long heapBytes(String size) {
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
    long n = Long.parseLong(digits);
    return switch (unit) {
      case 'k' -> n << 10;
      case 'm' -> n << 20;
      case 'g' -> n << 30;
      default -> n;
    };
  }

  private Benchmarks() {}

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(args, System.getenv());
      if (options.command().equals("serve")) {
        ServeBenchmark.requireTools();
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
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
    if (benchmark.equals("serve")) {
      return runServe(backend, o, out);
    }
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
                        o.warmupEvents(),
                        o.warmupReplays()),
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
   * The serve benchmark: its own flow, since the server runs as a process of its own on the
   * database once this JVM has loaded it and let go of it.
   */
  private static String runServe(String backend, Options o, PrintStream out) throws Exception {
    ServeBenchmark.requireTools(); // before minutes of loading
    Options.Serve serve = o.serve();
    ServeBenchmark.Settings settings =
        new ServeBenchmark.Settings(
            new ServeDataset.Settings(
                o.orgs(), o.months(), o.clusters(), serve.smallClusters(), o.setupThreads()),
            serve.connections(),
            serve.wrkThreads(),
            java.time.Duration.ofSeconds(serve.durationSeconds()),
            serve.runs(),
            java.time.Duration.ofSeconds(serve.warmupSeconds()),
            serve.javaOptions(),
            java.nio.file.Path.of(serve.tallyJar()).toAbsolutePath());
    try (BenchDatabase db = BenchDatabase.fresh(backend, o.postgresUrl(), "serve", o.keep())) {
      long postgresPid;
      String product;
      try (Tally tally = Fixtures.open(db.config())) {
        postgresPid = postgresBackendPid(tally);
        product = Fixtures.databaseProduct(tally);
      }
      Report report = new Report(out, "serve", backend, new CpuMeter(postgresPid), 60);
      report.line(
          "database: %s, %s",
          product, db.config().isEmbedded() ? db.config().jdbcUrl() : db.config().describe());
      ServeBenchmark.Result r = ServeBenchmark.run(db, settings, report);
      List<String> lines = new ArrayList<>();
      lines.add(
          String.format(
              Locale.ROOT,
              "summary %-8s serve: %d + %d organizations x %d months (%d and %d clusters), %d s runs"
                  + " x %d (medians), wrk %d threads; tally serve %s",
              backend,
              o.orgs(),
              o.orgs(),
              o.months(),
              o.clusters(),
              serve.smallClusters(),
              serve.durationSeconds(),
              serve.runs(),
              serve.wrkThreads(),
              String.join(" ", serve.javaOptions())));
      lines.addAll(ServeReport.table(r.measurements(), r.answers()));
      lines.add(
          String.format(
              Locale.ROOT,
              "Tally's RSS: %s after start, %s at the end, peak %s; start to first answer %,d ms",
              ProcessMemory.megabytes(r.afterStart().rssBytes()),
              ProcessMemory.megabytes(r.afterLoad().rssBytes()),
              ProcessMemory.megabytes(r.afterLoad().peakRssBytes()),
              r.startMillis()));
      ServeReport.targets(
              r.measurements(),
              r.startMillis(),
              r.afterLoad().peakRssBytes(),
              backend.equals("embedded"))
          .forEach(line -> lines.add("target: " + line));
      boolean full =
          o.orgs() >= 1_000
              && o.months() >= 36
              && o.clusters() >= 20
              && serve.durationSeconds() >= 15;
      if (!full) {
        lines.add("target:" + NOT_TARGET_SIZE);
      }
      // Unprefixed, so that the table can be pasted as it is; repeated in the closing summary.
      out.println();
      lines.forEach(out::println);
      out.flush();
      return String.join(System.lineSeparator(), lines);
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
