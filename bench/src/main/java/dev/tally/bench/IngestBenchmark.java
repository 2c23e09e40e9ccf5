package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.server.App;
import dev.tally.server.Tally;
import dev.tally.server.http.HttpLimits;
import dev.tally.server.http.RateLimitListener;
import dev.tally.server.usage.UsageEvent;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained ingestion over HTTP: {@code POST /operator/v1/usage-events} in batches, from a few
 * concurrent senders (virtual threads), every event with a new id so that each one goes through the
 * duplicate check and is counted; then the same batches again, which are all duplicates.
 *
 * <p>Request bodies are generated before the clock starts, so the client's share of the two cores
 * is the HTTP exchange only. Events are in time order over the month so far, as a metering pipeline
 * sends them. By default each batch holds one organization's events (a pipeline partitioned by
 * organization); {@code mixed} spreads every batch over all organizations.
 *
 * <p>On PostgreSQL the run first measures {@link CopyReference}: COPY of the same rows into a table
 * with the same keys, the storage limit the new events' rate is compared with.
 */
final class IngestBenchmark {

  record Settings(
      long events,
      int batch,
      int senders,
      int organizations,
      int clusters,
      boolean mixed,
      long warmupEvents,
      int warmupReplays) {}

  /** One timed pass over a list of batches. */
  record Phase(
      String name,
      Instant started,
      long events,
      int batches,
      long accepted,
      long duplicates,
      long rejected,
      double seconds,
      Latencies batchLatency,
      CpuMeter.Reading cpuFrom,
      CpuMeter.Reading cpuTo) {
    double eventsPerSecond() {
      return events / seconds;
    }
  }

  /**
   * The timed passes, the warm-up's in order ({@link #run}); {@code copy} is PostgreSQL's COPY of
   * the same rows ({@link CopyReference}), null on the embedded database.
   */
  record Result(
      List<Phase> warmup,
      Phase fresh,
      Phase replay,
      long storedEventIds,
      CopyReference.Result copy) {}

  /** One batch: the request body, and the rows it should store as COPY text (PostgreSQL only). */
  private record Batch(byte[] body, byte[] copyRows) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private IngestBenchmark() {}

  static Result run(Tally tally, Settings s, Report out) throws Exception {
    Instant now = tally.clock().instant();
    Fixtures.Span span = Fixtures.monthSoFar(now);
    Instant from = span.from();
    Instant to = span.to();

    long t0 = System.nanoTime();
    List<String> orgs =
        Fixtures.organizations(tally, "ingest", s.organizations(), s.clusters(), from, 4);
    String operatorToken =
        tally
            .tx()
            .write(db -> db.operatorKeys().create("benchmark", tally.clock().instant()))
            .token();
    out.line(
        "setup: %d organizations x %d clusters in %.1f s",
        s.organizations(), s.clusters(), secondsSince(t0));

    t0 = System.nanoTime();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    long total = s.warmupEvents() + s.events();
    boolean postgres = !tally.database().config().isEmbedded();
    List<Batch> batches = batches(orgs, s, tag, from, to, total, postgres);
    int warmupBatches = (int) Math.ceil((double) s.warmupEvents() / s.batch());
    List<byte[]> all = batches.stream().map(Batch::body).toList();
    List<byte[]> warmup = all.subList(0, warmupBatches);
    List<byte[]> measured = all.subList(warmupBatches, all.size());
    long bytes = all.stream().mapToLong(b -> b.length).sum();
    out.line(
        "generated %d request bodies (%d events, %.0f MB) in %.1f s, before timing",
        all.size(), total, bytes / 1e6, secondsSince(t0));

    CopyReference.Result copy = null;
    if (postgres) {
      // First, so that neither pass runs in the other's wake (autovacuum, checkpoints) more than
      // the order forces: Tally's passes come after the scratch table is dropped.
      List<byte[]> rows = batches.stream().map(Batch::copyRows).toList();
      copy =
          CopyReference.run(
              tally.database().dataSource(),
              rows.subList(0, warmupBatches),
              rows.subList(warmupBatches, rows.size()),
              s.senders(),
              out);
      // The COPY text (about 140 MB at the default size) is not needed any more.
      batches = null;
      rows = null;
    }

    try (App app =
            App.start(
                tally,
                App.Options.manualClose("127.0.0.1", 0),
                // Benchmarks measure throughput: the per-key rate limit would measure itself.
                HttpLimits.unlimited(),
                RateLimitListener.NONE);
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
      URI uri = URI.create("http://127.0.0.1:" + app.port() + "/operator/v1/usage-events");
      // New events, then replays of them until the JIT compiler has caught up, then new events
      // again, so that the measured pass starts with the new events' path compiled from new
      // events' profiles (replays take the duplicates' branches).
      List<Phase> warm = new ArrayList<>();
      int half = s.warmupReplays() > 0 ? warmup.size() / 2 : warmup.size();
      if (half > 0) {
        List<byte[]> firstHalf = warmup.subList(0, half);
        warm.add(send("warm-up", http, uri, operatorToken, firstHalf, s, out));
        out.phase(warm.getLast());
        warm.addAll(warmUntilCompiled(http, uri, operatorToken, firstHalf, s, out));
      }
      if (half < warmup.size()) {
        warm.add(
            send(
                "warm-up, new events again",
                http,
                uri,
                operatorToken,
                warmup.subList(half, warmup.size()),
                s,
                out));
        out.phase(warm.getLast());
      }
      Phase fresh = send("new events", http, uri, operatorToken, measured, s, out);
      out.phase(fresh);
      Phase replay = send("replay (all duplicates)", http, uri, operatorToken, measured, s, out);
      out.phase(replay);
      long stored = tally.tx().read(db -> db.usage().countEventIds());
      return new Result(warm, fresh, replay, stored, copy);
    }
  }

  /**
   * Every batch of the run, warm-up first, as request bodies and, with {@code copyRows}, as the
   * rows Tally stores for them (organization, event id, month, fingerprint), as COPY text.
   */
  private static List<Batch> batches(
      List<String> orgs,
      Settings s,
      String tag,
      Instant from,
      Instant to,
      long total,
      boolean copyRows) {
    List<Batch> batches = new ArrayList<>();
    int n = orgs.size();
    StringBuilder body = new StringBuilder(s.batch() * 200);
    StringBuilder rows = new StringBuilder(copyRows ? s.batch() * 120 : 0);
    // The warm-up and the measured events are numbered on separately, so the measured batches line
    // up.
    long[][] ranges = {{0, s.warmupEvents()}, {s.warmupEvents(), total}};
    for (long[] range : ranges) {
      for (long first = range[0]; first < range[1]; first += s.batch()) {
        long last = Math.min(range[1], first + s.batch());
        int batchNumber = (int) ((first - range[0]) / s.batch());
        body.setLength(0);
        rows.setLength(0);
        body.append("{\"events\":[");
        for (long k = first; k < last; k++) {
          int o;
          long r;
          if (s.mixed()) {
            o = (int) (k % n);
            r = k / n;
          } else {
            o = batchNumber % n;
            r = k;
          }
          String org = orgs.get(o);
          int cluster = (int) (r % s.clusters());
          int sku = (int) ((r / s.clusters()) % Fixtures.SKUS.length);
          if (k > first) {
            body.append(',');
          }
          String eventId = "ev-" + tag + "-" + k;
          Instant at = Fixtures.timestamp(from, to, k, total);
          Fixtures.appendEvent(body, eventId, org, Fixtures.clusterId(org, cluster), sku, at);
          if (copyRows) {
            // What the server stores for the event, computed by the server's own code.
            UsageEvent stored =
                new UsageEvent(
                    eventId,
                    org,
                    Fixtures.clusterId(org, cluster),
                    Fixtures.SKUS[sku],
                    new BigDecimal(Fixtures.QUANTITIES[sku]),
                    at);
            rows.append(org)
                .append('\t')
                .append(eventId)
                .append('\t')
                .append(stored.periodStart())
                .append('\t')
                .append(stored.fingerprint())
                .append('\n');
          }
        }
        body.append("]}");
        batches.add(
            new Batch(
                body.toString().getBytes(StandardCharsets.UTF_8),
                copyRows ? rows.toString().getBytes(StandardCharsets.UTF_8) : null));
      }
    }
    return batches;
  }

  /** The JIT compiler's share of this JVM's CPU below which a replay round ends the warm-up. */
  private static final double SETTLED_JIT_SHARE = 0.10;

  /**
   * Replays the warm-up batches (all duplicates, so the tables do not grow and {@link
   * CopyReference}'s table matches Tally's) until a round in which the JIT compiler used less than
   * {@link #SETTLED_JIT_SHARE} of this JVM's CPU, at most {@code s.warmupReplays()} rounds. With
   * one C2 compiler thread on two busy cores, its queue still held about a thousand methods after
   * 600,000 new events, and the compiler took 3–4 s of the measured pass's 9–11 s of JVM CPU
   * (docs/benchmarks.md): that measured how young the JVM was, not what an event costs a server
   * that has run for a minute. Returns the rounds sent.
   */
  private static List<Phase> warmUntilCompiled(
      HttpClient http, URI uri, String token, List<byte[]> warmup, Settings s, Report out)
      throws Exception {
    List<Phase> rounds = new ArrayList<>();
    for (int round = 1; round <= s.warmupReplays(); round++) {
      Phase r = send("warm-up replay " + round, http, uri, token, warmup, s, out);
      out.phase(r);
      rounds.add(r);
      double jit = CpuMeter.jitSeconds(r.cpuFrom(), r.cpuTo());
      double jvm = CpuMeter.jvmSeconds(r.cpuFrom(), r.cpuTo());
      if (jit >= 0 && jvm > 0 && jit < SETTLED_JIT_SHARE * jvm) {
        break;
      }
    }
    return rounds;
  }

  /**
   * Sends the batches from {@code s.senders()} virtual threads, each taking the next unsent batch.
   */
  private static Phase send(
      String name,
      HttpClient http,
      URI uri,
      String token,
      List<byte[]> batches,
      Settings s,
      Report out)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong events = new AtomicLong();
    long[] latencies = new long[batches.size()];
    CpuMeter.Reading cpuFrom = out.cpu();
    Instant started = Instant.now();
    long start = System.nanoTime();
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < s.senders(); t++) {
        done.add(
            senders.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < batches.size(); ) {
                    HttpRequest request =
                        HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofMinutes(5))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(batches.get(i)))
                            .build();
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response =
                        http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    latencies[i] = System.nanoTime() - sent;
                    if (response.statusCode() != 200) {
                      throw new IllegalStateException(
                          "batch "
                              + i
                              + " answered "
                              + response.statusCode()
                              + ": "
                              + new String(response.body(), StandardCharsets.UTF_8));
                    }
                    JsonNode result = JSON.readTree(response.body());
                    long a = result.get("accepted").asLong();
                    long d = result.get("duplicates").asLong();
                    int r = result.get("rejected").size();
                    accepted.addAndGet(a);
                    duplicates.addAndGet(d);
                    rejected.addAndGet(r);
                    events.addAndGet(a + d + r);
                  }
                  return null;
                }));
      }
      for (Future<Void> f : done) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException(
              name + ": a sender failed: " + e.getCause().getMessage(), e.getCause());
        }
      }
    }
    double seconds = secondsSince(start);
    CpuMeter.Reading cpuTo = out.cpu();
    return new Phase(
        name,
        started,
        events.get(),
        batches.size(),
        accepted.get(),
        duplicates.get(),
        rejected.get(),
        seconds,
        Latencies.of(latencies),
        cpuFrom,
        cpuTo);
  }

  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
