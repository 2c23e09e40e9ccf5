package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.CloudProvider;
import dev.tally.model.Plan;
import dev.tally.model.WireJson;
import dev.tally.server.Tally;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.Backend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGTERM to a real {@code tally serve} with work in flight, on every backend: the server stops
 * accepting connections, lets the work finish, then exits with 143. A big ingestion batch gets its
 * 200 (every event accepted, and stored), whether the signal comes while its body is still arriving
 * or while it is being stored; a month close that is finalizing invoices finishes every month. On
 * the embedded database H2 once closed the database from its own shutdown hook under that work
 * ("Database is already closed"); Tally now handles the signal itself ({@code StopSignals}).
 */
class GracefulShutdownIT {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final int EVENTS = 10_000;
  private static final String ORG = "graceful-org";
  private static final String CLUSTER = "11111111-2222-4333-8444-555555555555";

  @TempDir Path dir;

  /** Each started server's output. */
  private final Map<Process, Path> logs = new HashMap<>();

  static List<Backend> backends() {
    return Backend.all().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void sigtermLetsAnIngestionInFlightFinishAndAnswer(Backend backend) throws Exception {
    DatabaseConfig database = database(backend);
    String operatorKey = seed(database, ORG, Instant.now().minus(40, ChronoUnit.DAYS), null);
    byte[] body = batch("g-");

    int port = FreePort.pick();
    Process server = start(database, port, "--close-interval", "off");
    GatedBody gated = new GatedBody(body, body.length / 2);
    CompletableFuture<HttpResponse<String>> answer = postBatch(port, operatorKey, gated, 120);
    assertThat(gated.halfSent.await(30, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(200); // the server has the headers and waits for the rest of the body

    server.destroy(); // SIGTERM
    // Once new connections are refused the stop has begun, with the batch surely in flight; it
    // stays in flight a while longer, its body trickling (during a stop Jetty cuts connections
    // idle for over a second, as a stalled upload would be).
    assertThat(refusesNewConnections(port)).as("new connections are refused").isTrue();
    Thread.sleep(2_000);
    assertThat(server.isAlive()).as("the server waits for the batch in flight").isTrue();
    gated.release.countDown();

    HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
    assertThat(response.statusCode())
        .as("%s%nthe server's log:%n%s", response.body(), logOf(server))
        .isEqualTo(200);
    JsonNode result = JSON.readTree(response.body());
    assertThat(result.get("accepted").asInt()).isEqualTo(EVENTS);
    assertThat(result.get("rejected")).isEmpty();
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server exits").isTrue();
    assertThat(server.exitValue()).as("the exit code after SIGTERM").isEqualTo(143);

    Process restarted = start(database, port, "--close-interval", "off");
    restarted.destroy();
    restarted.waitFor(60, TimeUnit.SECONDS);
    assertThat(storedQuantity(database)).isEqualByComparingTo(BigDecimal.valueOf(EVENTS));
  }

  /**
   * A request that outlasts the shutdown timeout is cut off, and the stop is still a clean one:
   * exit code 143 (what the systemd unit expects), one WARN line, no stack trace (issue 12's second
   * stranger: exit 1 and a TimeoutException's trace).
   */
  @org.junit.jupiter.api.Test
  void aRequestThatOutlastsTheShutdownTimeoutIsCutAndTheExitIsStillClean() throws Exception {
    DatabaseConfig database = DatabaseConfig.embedded(dir.resolve("data"));
    String operatorKey = seed(database, ORG, Instant.now().minus(40, ChronoUnit.DAYS), null);
    byte[] body = batch("cut-");

    int port = FreePort.pick();
    Process server = start(database, port, "--close-interval", "off", "--shutdown-timeout", "2s");
    GatedBody gated = new GatedBody(body, body.length / 2);
    CompletableFuture<HttpResponse<String>> answer = postBatch(port, operatorKey, gated, 60);
    assertThat(gated.halfSent.await(30, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(200);

    server.destroy(); // SIGTERM; the body keeps trickling past the 2 s
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exits").isTrue();
    gated.release.countDown();
    String log = logOf(server);
    assertThat(server.exitValue()).as("the exit code after SIGTERM%n%s", log).isEqualTo(143);
    assertThat(log)
        .contains("requests still in flight after the shutdown timeout of 2000 ms were cut off")
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("ERROR");
    answer.handle((response, failure) -> null).get(60, TimeUnit.SECONDS);
  }

  /**
   * The signal comes once the whole body is sent, while the server parses and stores the batch (the
   * stranger's case: 1 in 2 such batches answered 503 "Database is already closed" on the embedded
   * database). A batch answered before the signal could be sent proves nothing, so then another one
   * is sent, up to a few times.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void sigtermWhileABatchIsBeingStoredLetsItFinishAndAnswer(Backend backend) throws Exception {
    DatabaseConfig database = database(backend);
    String operatorKey = seed(database, ORG, Instant.now().minus(40, ChronoUnit.DAYS), null);
    int port = FreePort.pick();
    Process server = start(database, port, "--close-interval", "off");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    int answeredBefore = 0;
    CompletableFuture<HttpResponse<String>> inFlight = null;
    for (int attempt = 0; attempt < 5 && inFlight == null; attempt++) {
      WholeBody sent = new WholeBody(batch("s" + attempt + "-"));
      CompletableFuture<HttpResponse<String>> answer =
          client.sendAsync(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/operator/v1/usage-events"))
                  .header("Authorization", "Bearer " + operatorKey)
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(120))
                  .POST(HttpRequest.BodyPublishers.ofInputStream(() -> sent))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(sent.allRead.await(60, TimeUnit.SECONDS)).as("the body is sent").isTrue();
      if (answer.isDone()) {
        assertThat(answer.get().statusCode())
            .as("%s%nthe server's log:%n%s", answer.get().body(), logOf(server))
            .isEqualTo(200);
        answeredBefore++;
      } else {
        server.destroy(); // SIGTERM
        inFlight = answer;
      }
    }
    assertThat(inFlight).as("a batch still in flight when the signal was sent").isNotNull();

    HttpResponse<String> response = inFlight.get(120, TimeUnit.SECONDS);
    assertThat(response.statusCode())
        .as("%s%nthe server's log:%n%s", response.body(), logOf(server))
        .isEqualTo(200);
    JsonNode result = JSON.readTree(response.body());
    assertThat(result.get("accepted").asInt()).isEqualTo(EVENTS);
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server exits").isTrue();
    assertThat(server.exitValue()).as("the exit code after SIGTERM").isEqualTo(143);
    assertThat(storedQuantity(database))
        .isEqualByComparingTo(BigDecimal.valueOf((long) EVENTS * (answeredBefore + 1)));
  }

  /**
   * The stranger's case on the embedded database: organizations billed since 2000, every past month
   * due at once ({@code --grace-period 0s --close-interval 1s}). The signal comes once the close
   * has finalized some invoices and not all (read from {@code /metrics}, without touching the
   * database); after the process exits, every past month of every organization is closed, each with
   * its invoice.
   */
  @Test
  void sigtermDuringAMonthCloseLetsTheCloseFinish() throws Exception {
    DatabaseConfig database = DatabaseConfig.embedded(dir.resolve("data"));
    YearMonth billingStart = YearMonth.of(2000, 1);
    Instant created = Instant.now().minus(1, ChronoUnit.DAYS);
    List<String> orgs = List.of("old-1", "old-2", "old-3");
    for (String org : orgs) {
      seed(database, org, created, billingStart);
    }
    YearMonth current = YearMonth.now(ZoneOffset.UTC);
    long months = ChronoUnit.MONTHS.between(billingStart, current);
    long invoices = months * orgs.size();
    int port = FreePort.pick();
    Process server =
        start(
            database,
            port,
            "--grace-period",
            "0s",
            "--close-interval",
            "1s",
            "--shutdown-timeout",
            "300s");

    long finalizedAtSignal = awaitFinalizing(port, server);
    server.destroy(); // SIGTERM
    assertThat(finalizedAtSignal)
        .as("the close had finalized some invoices, not all, when the signal was sent")
        .isBetween(1L, invoices - 1);

    assertThat(server.waitFor(300, TimeUnit.SECONDS)).as("the server exits").isTrue();
    assertThat(server.exitValue()).as("the exit code after SIGTERM").isEqualTo(143);
    assertThat(YearMonth.now(ZoneOffset.UTC))
        .as("the month did not turn meanwhile")
        .isEqualTo(current);
    try (Tally tally = Tally.open(database, Clock.systemUTC());
        Connection c = tally.database().dataSource().getConnection()) {
      for (String org : orgs) {
        assertThat(
                count(
                    c,
                    "SELECT COUNT(*) FROM billing_periods WHERE organization_id = ? AND closed_at IS NOT NULL",
                    org))
            .as("closed months of %s", org)
            .isEqualTo(months);
        assertThat(
                count(
                    c,
                    "SELECT COUNT(*) FROM invoices WHERE organization_id = ? AND status = 'FINALIZED'",
                    org))
            .as("finalized invoices of %s", org)
            .isEqualTo(months);
      }
      c.rollback();
    }
  }

  /**
   * Polls {@code /metrics} until the close has finalized at least one invoice; returns how many it
   * had then.
   */
  private static long awaitFinalizing(int port, Process server) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Pattern finalized = Pattern.compile("(?m)^tally_invoices_finalized_total (\\S+)$");
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline) && server.isAlive()) {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = finalized.matcher(metrics);
      if (m.find() && Double.parseDouble(m.group(1)) >= 1) {
        return (long) Double.parseDouble(m.group(1));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the close finalized no invoice within two minutes");
  }

  private static long count(Connection c, String sql, String org) throws Exception {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, org);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private DatabaseConfig database(Backend backend) {
    return backend.name().equals("embedded")
        ? DatabaseConfig.embedded(dir.resolve("data"))
        : backend.freshDatabase();
  }

  /**
   * Creates {@code org} with one cluster ({@link #CLUSTER} for {@link #ORG}), billed from {@code
   * billingStart} (or its creation's month when null), and returns a new operator key.
   */
  private static String seed(
      DatabaseConfig database, String org, Instant created, YearMonth billingStart)
      throws Exception {
    try (Tally tally = Tally.open(database, Clock.systemUTC())) {
      tally
          .tx()
          .write(
              db ->
                  billingStart == null
                      ? db.organizations().create(org, org, created)
                      : db.organizations().create(org, org, created, billingStart));
      tally
          .tx()
          .write(
              db ->
                  db.clusters()
                      .create(
                          org,
                          new ClusterSpec(
                                  org.equals(ORG) ? CLUSTER : UUID.randomUUID().toString(),
                                  "c",
                                  Plan.STANDARD,
                                  CloudProvider.GCP,
                                  List.of("us-central1"),
                                  Map.of())
                              .toCluster(created)));
      return tally.tx().write(db -> db.operatorKeys().create("graceful", Instant.now())).token();
    }
  }

  /** A batch of {@link #EVENTS} events of one unit each for {@link #ORG}, an hour ago. */
  private static byte[] batch(String idPrefix) throws IOException {
    List<Map<String, Object>> events = new ArrayList<>();
    String at = Instant.now().minus(1, ChronoUnit.HOURS).toString();
    for (int i = 0; i < EVENTS; i++) {
      events.add(
          Map.of(
              "event_id",
              idPrefix + i,
              "organization_id",
              ORG,
              "cluster_id",
              CLUSTER,
              "sku",
              "standard.compute",
              "quantity",
              "1",
              "timestamp",
              at));
    }
    return JSON.writeValueAsBytes(Map.of("events", events));
  }

  private static BigDecimal storedQuantity(DatabaseConfig database) throws Exception {
    try (Tally tally = Tally.open(database, Clock.systemUTC());
        Connection c = tally.database().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT SUM(quantity) FROM usage_daily WHERE organization_id = ?")) {
      s.setString(1, ORG);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getBigDecimal(1);
      }
    }
  }

  /** Whether a fresh connection is refused within a few seconds of the signal. */
  private static boolean refusesNewConnections(int port) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (Instant.now().isBefore(deadline)) {
      try (HttpClient fresh =
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
        fresh.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(1))
                .build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException refused) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** A request body that slows to a byte every 100 ms half-way, until released. */
  private static final class GatedBody extends InputStream {
    final CountDownLatch halfSent = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final InputStream bytes;
    private final int gate;
    private int read;

    GatedBody(byte[] body, int gate) {
      this.bytes = new ByteArrayInputStream(body);
      this.gate = gate;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      boolean trickle = false;
      if (read >= gate && release.getCount() > 0) {
        halfSent.countDown();
        try {
          trickle = !release.await(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      int n = bytes.read(b, off, trickle ? 1 : read < gate ? Math.min(len, gate - read) : len);
      if (n > 0) {
        read += n;
      }
      return n;
    }
  }

  /** Posts a batch whose body the client sends as {@code body} releases it. */
  private static CompletableFuture<HttpResponse<String>> postBatch(
      int port, String operatorKey, InputStream body, int timeoutSeconds) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/operator/v1/usage-events"))
            .header("Authorization", "Bearer " + operatorKey)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(timeoutSeconds))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String logOf(Process server) throws IOException {
    return Files.readString(logs.get(server), StandardCharsets.UTF_8);
  }

  /** A request body that says when the client has read all of it (to send). */
  private static final class WholeBody extends InputStream {
    final CountDownLatch allRead = new CountDownLatch(1);
    private final InputStream bytes;

    WholeBody(byte[] body) {
      this.bytes = new ByteArrayInputStream(body);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = bytes.read(b, off, len);
      if (n < 0 || bytes.available() == 0) {
        allRead.countDown();
      }
      return n;
    }
  }

  private Process start(DatabaseConfig database, int port, String... settings) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-jar",
                System.getProperty("tally.jar"),
                "serve",
                "--port",
                String.valueOf(port)));
    command.addAll(List.of(settings));
    if (!command.contains("--shutdown-timeout")) {
      command.addAll(List.of("--shutdown-timeout", "60s"));
    }
    command.addAll(
        database.isEmbedded()
            ? List.of("--data-dir", dir.resolve("data").toString())
            : List.of("--database-url", database.jdbcUrl()));
    Path log = Files.createTempFile(dir, "server", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    logs.put(process, log);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return process;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(
        "the server did not start: " + Files.readString(log, StandardCharsets.UTF_8));
  }
}
