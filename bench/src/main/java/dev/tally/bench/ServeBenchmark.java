package dev.tally.bench;

import dev.tally.server.Tally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Serving invoices, side by side with nginx serving the same bytes as static files (issue 11): the
 * dataset ({@link ServeDataset}) is loaded in process, then {@code tally serve} runs as a process
 * of its own on that database ({@link TallyProcess}), its answers are written where nginx serves
 * them ({@link ServeAnswers}, {@link NginxProcess}), and wrk loads both with the same requests
 * ({@link ServeCase}), one side after the other for each case, so that both meet the same machine.
 * Nothing here asserts a time.
 */
final class ServeBenchmark {

  /**
   * What to run.
   *
   * @param connections the numbers of connections each case runs at
   * @param wrkThreads wrk's threads
   * @param duration each measured run
   * @param runs runs of each case and side; the figures are their medians
   * @param warmup Tally's warm-up per case before any measured run (its JIT compiles the path)
   * @param javaOptions the server JVM's options, such as {@code -Xmx256m}
   * @param tallyJar the executable jar ({@code cli/target/tally.jar})
   */
  record Settings(
      ServeDataset.Settings data,
      List<Integer> connections,
      int wrkThreads,
      Duration duration,
      int runs,
      Duration warmup,
      List<String> javaOptions,
      Path tallyJar) {}

  record Result(
      ServeDataset.Loaded data,
      Map<ServeDocument, ServeAnswers.Answer> answers,
      List<ServeMeasurement> measurements,
      long startMillis,
      ProcessMemory afterStart,
      ProcessMemory afterLoad) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ServeBenchmark() {}

  /**
   * The tools the benchmark needs, or a one-line message naming what to install.
   *
   * @throws IllegalStateException when wrk or nginx is missing
   */
  static Wrk requireTools() {
    Path wrk = Wrk.executable();
    if (wrk == null) {
      throw new IllegalStateException(Wrk.MISSING);
    }
    if (NginxProcess.executable() == null) {
      throw new IllegalStateException(NginxProcess.MISSING);
    }
    return new Wrk(wrk);
  }

  static Result run(BenchDatabase db, Settings s, Report out) throws Exception {
    Wrk wrk = requireTools();
    ServeDataset.Loaded data;
    try (Tally tally = Fixtures.open(db.config())) {
      data = ServeDataset.load(tally, s.data(), out);
    }
    out.settle();

    Path dir = Files.createTempDirectory("tally-bench-serve-");
    // As the installed service starts (TALLY_CDS_DIR, dist/src/bin/tally): with a class-data
    // archive of what a start loads, which the first start makes when it stops.
    List<String> javaOptions = new ArrayList<>(s.javaOptions());
    javaOptions.addAll(
        List.of(
            "-XX:+AutoCreateSharedArchive",
            "-XX:SharedArchiveFile=" + dir.resolve("tally-serve.jsa"),
            "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off"));
    Callable<TallyProcess> start =
        () ->
            TallyProcess.start(
                s.tallyJar(),
                javaOptions,
                db,
                ServeDocument.of("invoice-large", data).path(),
                data.large().apiKey());
    long firstStart;
    try (TallyProcess first = start.call()) {
      firstStart = first.startToFirstAnswerMillis();
    }
    try (TallyProcess tally = start.call()) {
      ProcessMemory afterStart = tally.memory();
      out.line(
          "tally serve (%s, pid %d): first answer %d ms after launch with the class-data archive"
              + " (%d ms on the start that made it); RSS then %s",
          String.join(" ", s.javaOptions()),
          tally.pid(),
          tally.startToFirstAnswerMillis(),
          firstStart,
          ProcessMemory.megabytes(afterStart.rssBytes()));

      List<ServeCase> cases = ServeCase.all(data);
      LinkedHashSet<ServeDocument> documents = new LinkedHashSet<>();
      cases.forEach(c -> documents.add(c.document()));
      ServeAnswers fetcher = new ServeAnswers();
      Map<ServeDocument, ServeAnswers.Answer> answers = fetcher.fetch(tally, documents);
      ServeAnswers.write(answers, dir);
      try (NginxProcess nginx = NginxProcess.start(dir, List.of("large", "small"))) {
        Map<ServeDocument, ServeAnswers.NginxTag> tags = fetcher.verify(nginx, answers);
        out.line("nginx (pid %d) serves the same bytes as Tally, plain and gzipped:", nginx.pid());
        ServeReport.documents(answers, tags).forEach(line -> out.line("  %s", line));

        Sides sides = new Sides(wrk, tally, nginx, answers, tags, s);
        int most = s.connections().stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (!s.warmup().isZero()) {
          long t0 = System.nanoTime();
          for (ServeCase c : cases) {
            sides.tally(c, most, s.warmup());
          }
          out.line(
              "warmed Tally up: %s of each case at %d connections, in %.0f s",
              s.warmup(), most, IngestBenchmark.secondsSince(t0));
        }

        List<ServeMeasurement> measurements = new ArrayList<>();
        for (ServeCase c : cases) {
          for (int connections : s.connections()) {
            ServeMeasurement m = sides.measure(c, connections);
            measurements.add(m);
            out.line(
                "%s at %d connections: Tally %s req/s (p99 %s ms, %s errors), nginx %s req/s%s:"
                    + " %s x",
                c.name(),
                connections,
                m.tally() == null ? "–" : ServeReport.rate(m.tally().requestsPerSecond()),
                m.tally() == null ? "–" : ServeReport.millis(m.tally().p99Millis()),
                m.tally() == null ? "–" : Long.toString(m.tally().errors()),
                ServeReport.rate(m.nginx().requestsPerSecond()),
                m.nginxOnTheFly() == null
                    ? ""
                    : ", on the fly "
                        + ServeReport.rate(m.nginxOnTheFly().requestsPerSecond())
                        + " req/s",
                ServeReport.ratio(m.ratio()));
          }
        }
        ProcessMemory afterLoad = tally.memory();
        return new Result(
            data, answers, measurements, tally.startToFirstAnswerMillis(), afterStart, afterLoad);
      }
    } finally {
      delete(dir);
    }
  }

  /** Runs wrk against either side with the case's request. */
  private record Sides(
      Wrk wrk,
      TallyProcess tally,
      NginxProcess nginx,
      Map<ServeDocument, ServeAnswers.Answer> answers,
      Map<ServeDocument, ServeAnswers.NginxTag> tags,
      Settings s) {

    ServeMeasurement measure(ServeCase c, int connections) throws Exception {
      List<WrkResult> tallyRuns = new ArrayList<>();
      List<Double> cpuPerRequest = new ArrayList<>();
      List<WrkResult> nginxRuns = new ArrayList<>();
      List<WrkResult> onTheFlyRuns = new ArrayList<>();
      NginxProcess.Ports ports = nginx.ports(c.document().site());
      for (int run = 0; run < s.runs(); run++) {
        long cpuBefore = CpuMeter.processNanos(tally.pid());
        WrkResult t = tally(c, connections, s.duration());
        if (t != null) {
          tallyRuns.add(t);
          long cpu = CpuMeter.processNanos(tally.pid()) - cpuBefore;
          cpuPerRequest.add(t.requests() == 0 ? Double.NaN : cpu / 1e6 / t.requests());
        }
        nginxRuns.add(nginx(c, ports.precompressed(), connections));
        if (c.gzip()) {
          onTheFlyRuns.add(nginx(c, ports.onTheFly(), connections));
        }
      }
      return new ServeMeasurement(
          c,
          connections,
          tallyRuns.isEmpty() ? null : WrkResult.median(tallyRuns),
          WrkResult.median(nginxRuns),
          onTheFlyRuns.isEmpty() ? null : WrkResult.median(onTheFlyRuns),
          cpuPerRequest.stream()
              .sorted()
              .skip(cpuPerRequest.size() / 2)
              .findFirst()
              .orElse(Double.NaN));
    }

    /**
     * One run against Tally, then a wait until it has answered what was still in flight (so that it
     * does not weigh on the next run); null for a conditional case when Tally gave no tag.
     */
    WrkResult tally(ServeCase c, int connections, Duration duration) throws Exception {
      String etag = answers.get(c.document()).etag();
      if (c.conditional() && etag == null) {
        return null;
      }
      WrkResult result =
          wrk.run(
              tally.uri(c.document().path()),
              headers(c, etag),
              new Wrk.Load(connections, s.wrkThreads(), duration, TIMEOUT));
      CpuMeter.awaitIdle(tally.pid(), (int) TIMEOUT.toSeconds() * 2);
      if (!tally.isAlive()) {
        throw new IllegalStateException("tally serve died under load:\n" + tally.output());
      }
      return result;
    }

    private WrkResult nginx(ServeCase c, int port, int connections) throws Exception {
      ServeAnswers.NginxTag tag = tags.get(c.document());
      return wrk.run(
          java.net.URI.create("http://127.0.0.1:" + port + c.document().path()),
          headers(c, tag == null ? null : tag.etag()),
          new Wrk.Load(connections, s.wrkThreads(), s.duration(), TIMEOUT));
    }

    /** The same headers for both sides; only the tag differs, each side's own. */
    private static Map<String, String> headers(ServeCase c, String etag) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Authorization", "Bearer " + c.document().apiKey());
      if (c.gzip()) {
        headers.put("Accept-Encoding", "gzip");
      }
      if (c.conditional() && etag != null) {
        headers.put("If-None-Match", etag);
      }
      return headers;
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
