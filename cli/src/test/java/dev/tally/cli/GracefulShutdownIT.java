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
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGTERM while a big ingestion batch is in flight: the server stops accepting connections, lets
 * the batch finish and answers it (200, every event accepted), then exits; after a restart every
 * event is stored. The batch's body is held back half-way until after the signal, so the request is
 * surely in flight when it arrives.
 */
class GracefulShutdownIT {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final int EVENTS = 10_000;

  @TempDir Path dir;

  static List<Backend> backends() {
    return Backend.all().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void sigtermLetsAnIngestionInFlightFinishAndAnswer(Backend backend) throws Exception {
    DatabaseConfig database =
        backend.name().equals("embedded")
            ? DatabaseConfig.embedded(dir.resolve("data"))
            : backend.freshDatabase();
    String org = "graceful-org";
    String cluster = "11111111-2222-4333-8444-555555555555";
    String operatorKey;
    try (Tally tally = Tally.open(database, Clock.systemUTC())) {
      Instant created = Instant.now().minus(40, ChronoUnit.DAYS);
      tally.tx().write(db -> db.organizations().create(org, "Graceful", created));
      tally
          .tx()
          .write(
              db ->
                  db.clusters()
                      .create(
                          org,
                          new ClusterSpec(
                                  cluster,
                                  "c",
                                  Plan.STANDARD,
                                  CloudProvider.GCP,
                                  List.of("us-central1"),
                                  Map.of())
                              .toCluster(created)));
      operatorKey =
          tally.tx().write(db -> db.operatorKeys().create("graceful", Instant.now())).token();
    }
    List<Map<String, Object>> events = new ArrayList<>();
    String at = Instant.now().minus(1, ChronoUnit.HOURS).toString();
    for (int i = 0; i < EVENTS; i++) {
      events.add(
          Map.of(
              "event_id",
              "g-" + i,
              "organization_id",
              org,
              "cluster_id",
              cluster,
              "sku",
              "standard.compute",
              "quantity",
              "1",
              "timestamp",
              at));
    }
    byte[] body = JSON.writeValueAsBytes(Map.of("events", events));

    int port = FreePort.pick();
    Process server = start(database, port);
    GatedBody gated = new GatedBody(body, body.length / 2);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    CompletableFuture<HttpResponse<String>> answer =
        client.sendAsync(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/operator/v1/usage-events"))
                .header("Authorization", "Bearer " + operatorKey)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> gated))
                .build(),
            HttpResponse.BodyHandlers.ofString());
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
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(response.body());
    assertThat(result.get("accepted").asInt()).isEqualTo(EVENTS);
    assertThat(result.get("rejected")).isEmpty();
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server exits").isTrue();

    Process restarted = start(database, port);
    restarted.destroy();
    restarted.waitFor(60, TimeUnit.SECONDS);
    try (Tally tally = Tally.open(database, Clock.systemUTC());
        Connection c = tally.database().dataSource().getConnection();
        ResultSet rows =
            c.createStatement()
                .executeQuery(
                    "SELECT SUM(quantity) FROM usage_daily WHERE organization_id = '"
                        + org
                        + "'")) {
      rows.next();
      assertThat(rows.getBigDecimal(1)).isEqualByComparingTo(BigDecimal.valueOf(EVENTS));
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

  private Process start(DatabaseConfig database, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-jar",
                System.getProperty("tally.jar"),
                "serve",
                "--port",
                String.valueOf(port),
                "--shutdown-timeout",
                "60s",
                "--close-interval",
                "off"));
    command.addAll(
        database.isEmbedded()
            ? List.of("--data-dir", dir.resolve("data").toString())
            : List.of("--database-url", database.jdbcUrl()));
    Path log = Files.createTempFile(dir, "server", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
