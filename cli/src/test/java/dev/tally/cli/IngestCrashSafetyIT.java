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
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server process is killed with SIGKILL while batches are being ingested. After a restart,
 * every acknowledged event is counted exactly once, and the client's retry of every batch (the one
 * in flight included) double-counts nothing.
 */
class IngestCrashSafetyIT {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final int BATCHES = 60;
  private static final int BATCH_SIZE = 1_000;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  static List<Backend> backends() {
    return Backend.all().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void acknowledgedEventsSurviveAKillAndRetriesCountNothingTwice(Backend backend) throws Exception {
    DatabaseConfig database =
        backend.name().equals("embedded")
            ? DatabaseConfig.embedded(dir.resolve("data"))
            : backend.freshDatabase();
    String org = "crash-org";
    String cluster = "11111111-2222-4333-8444-555555555555";
    String operatorKey;
    try (Tally tally = Tally.open(database, Clock.systemUTC())) {
      tally
          .tx()
          .write(
              db ->
                  db.organizations()
                      .create(org, "Crash", Instant.now().minus(40, ChronoUnit.DAYS)));
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
                              .toCluster(Instant.now())));
      operatorKey =
          tally
              .tx()
              .write(db -> db.operatorKeys().create("crash-test", java.time.Instant.now()))
              .token();
    }
    List<String> bodies = new ArrayList<>();
    Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
    for (int b = 0; b < BATCHES; b++) {
      List<Map<String, Object>> events = new ArrayList<>();
      for (int i = 0; i < BATCH_SIZE; i++) {
        events.add(
            Map.of(
                "event_id",
                "e-" + b + "-" + i,
                "organization_id",
                org,
                "cluster_id",
                cluster,
                "sku",
                "standard.compute",
                "quantity",
                "1",
                "timestamp",
                at.toString()));
      }
      bodies.add(JSON.writeValueAsString(Map.of("events", events)));
    }

    int port = FreePort.pick();
    Process server = start(database, port);
    AtomicInteger acknowledged = new AtomicInteger();
    CountDownLatch halfway = new CountDownLatch(1);
    Thread sender =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (String body : bodies) {
                    try {
                      HttpResponse<String> response = post(port, operatorKey, body);
                      if (response.statusCode() != 200) {
                        return;
                      }
                      if (acknowledged.incrementAndGet() == BATCHES / 3) {
                        halfway.countDown();
                      }
                    } catch (IOException | InterruptedException e) {
                      return; // the server died under this request: it is the batch in flight
                    }
                  }
                });
    halfway.await();
    server.destroyForcibly().waitFor(); // SIGKILL
    sender.join();
    int acked = acknowledged.get();
    assertThat(acked).isBetween(BATCHES / 3, BATCHES - 1);

    Process restarted = start(database, port);
    try {
      int accepted = 0;
      int duplicates = 0;
      for (int b = 0; b < BATCHES; b++) {
        JsonNode result = JSON.readTree(post(port, operatorKey, bodies.get(b)).body());
        accepted += result.get("accepted").asInt();
        duplicates += result.get("duplicates").asInt();
        assertThat(result.get("rejected")).isEmpty();
        if (b < acked) {
          assertThat(result.get("duplicates").asInt())
              .as("acknowledged batch %d was kept", b)
              .isEqualTo(BATCH_SIZE);
        }
      }
      assertThat(accepted + duplicates).isEqualTo(BATCHES * BATCH_SIZE);
      assertThat(duplicates).isBetween(acked * BATCH_SIZE, (acked + 1) * BATCH_SIZE);
    } finally {
      restarted.destroy();
      restarted.waitFor();
    }
    try (Tally tally = Tally.open(database, Clock.systemUTC());
        Connection c = tally.database().dataSource().getConnection();
        ResultSet rows =
            c.createStatement()
                .executeQuery(
                    "SELECT SUM(quantity) FROM usage_daily WHERE organization_id = '"
                        + org
                        + "'")) {
      rows.next();
      assertThat(rows.getBigDecimal(1))
          .isEqualByComparingTo(BigDecimal.valueOf((long) BATCHES * BATCH_SIZE));
    }
  }

  private HttpResponse<String> post(int port, String key, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/operator/v1/usage-events"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
                // Crash safety under load, not the rate limit, is what this measures.
                "--rate-limit",
                "0"));
    command.addAll(
        database.isEmbedded()
            ? List.of("--data-dir", dir.resolve("data").toString())
            : List.of("--database-url", database.jdbcUrl()));
    Path log = Files.createTempFile(dir, "server", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return process;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
      if (!process.isAlive()) {
        break;
      }
    }
    throw new IllegalStateException("the server did not start: " + Files.readString(log));
  }
}
