package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.CloudProvider;
import dev.tally.model.Plan;
import dev.tally.model.WireJson;
import dev.tally.server.Tally;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.Backend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code tally serve} processes on one PostgreSQL database behind nginx, as an operator runs
 * them: usage is ingested through one instance, invoices are read through the other two, one
 * instance is SIGKILLed under ingestion load and no acknowledged event is lost or counted twice,
 * and a month's close sent to all three at once finalizes each invoice exactly once, the same bytes
 * from every instance. Prints the figures. Needs PostgreSQL ({@code TALLY_TEST_POSTGRES_URL}, which
 * bin/test sets) and nginx: without them it is skipped loudly, and in CI ({@code CI=true}) it
 * fails.
 */
class SeveralInstancesIT {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final int ORGS = 3;
  private static final int BATCH_SIZE = 500;
  private static final int FIRST_BATCHES = 12; // through the ingesting instance
  private static final int LOAD_SENDERS = 4;
  private static final int LOAD_BATCHES_PER_SENDER = 30; // through nginx to all three
  private static final int MAX_TRIES = 20;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @TempDir Path dir;

  @Test
  void threeInstancesBehindNginxShareOneDatabase() throws Exception {
    String postgres = System.getenv(Backend.POSTGRES_ENV);
    requireOrSkip(
        postgres == null || postgres.isBlank()
            ? Backend.POSTGRES_ENV + " is not set (bin/test starts a throwaway PostgreSQL)"
            : Nginx.executable() == null
                ? "nginx is not installed (apt-get install nginx-light)"
                : null);
    Instant started = Instant.now();
    DatabaseConfig database = Backend.freshPostgres(postgres);
    YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
    Seeded seeded = seed(database, month);

    int[] ports = {FreePort.pick(), FreePort.pick(), FreePort.pick()};
    List<Process> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      instances.add(launch(database, ports[i], i));
    }
    for (int i = 0; i < 3; i++) {
      awaitServing(instances.get(i), ports[i], i);
    }
    int ingestPort = FreePort.pick();
    int readPort = FreePort.pick();
    int allPort = FreePort.pick();
    try (Nginx nginx =
        Nginx.start(
            dir.resolve("nginx"),
            Map.of(
                ingestPort, List.of(ports[0]),
                readPort, List.of(ports[1], ports[2]),
                allPort, List.of(ports[0], ports[1], ports[2])))) {

      // 1. Usage in through instance 0; drafts out through instances 1 and 2, which agree.
      List<String> first = batches("first", FIRST_BATCHES, seeded, month);
      for (String body : first) {
        HttpResponse<String> answer = ingest(ingestPort, seeded.operatorKey(), body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Upstream")).hasValue("127.0.0.1:" + ports[0]);
        assertThat(JSON.readTree(answer.body()).get("accepted").asInt()).isEqualTo(BATCH_SIZE);
      }
      Set<String> readers = new HashSet<>();
      for (Map.Entry<String, String> org : seeded.apiKeys().entrySet()) {
        String id = invoiceId(org.getKey(), month);
        List<String> bodies = new ArrayList<>();
        for (int read = 0; read < 4; read++) {
          HttpResponse<String> answer = get(readPort, "/api/v1/invoices/" + id, org.getValue());
          assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
          readers.add(answer.headers().firstValue("X-Upstream").orElseThrow());
          bodies.add(answer.body());
        }
        assertThat(JSON.readTree(bodies.get(0)).get("status").asText()).isEqualTo("DRAFT");
        assertThat(JSON.readTree(bodies.get(0)).get("invoice_items")).isNotEmpty();
        assertThat(new HashSet<>(bodies)).as("every reader shows the same draft").hasSize(1);
      }
      assertThat(readers)
          .as("reads went to the two other instances, never the ingesting one")
          .containsExactlyInAnyOrder("127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);

      // 2. Ingestion load through nginx to all three; instance 1 is SIGKILLed in the middle.
      List<List<String>> load = new ArrayList<>();
      for (int s = 0; s < LOAD_SENDERS; s++) {
        load.add(batches("load" + s, LOAD_BATCHES_PER_SENDER, seeded, month));
      }
      AtomicInteger acknowledgedBatches = new AtomicInteger();
      AtomicInteger failedAttempts = new AtomicInteger();
      AtomicInteger requests = new AtomicInteger();
      AtomicInteger acceptedInLoad = new AtomicInteger();
      AtomicInteger duplicatesInLoad = new AtomicInteger();
      Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
      CountDownLatch third = new CountDownLatch(1);
      int total = LOAD_SENDERS * LOAD_BATCHES_PER_SENDER;
      Instant loadStarted = Instant.now();
      List<Thread> senders = new ArrayList<>();
      for (List<String> mine : load) {
        senders.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (String body : mine) {
                        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
                          requests.incrementAndGet();
                          try {
                            HttpResponse<String> answer =
                                ingest(allPort, seeded.operatorKey(), body);
                            if (answer.statusCode() / 100 == 2) {
                              JsonNode counts = JSON.readTree(answer.body());
                              acceptedInLoad.addAndGet(counts.get("accepted").asInt());
                              duplicatesInLoad.addAndGet(counts.get("duplicates").asInt());
                              acknowledged.put(body, true);
                              if (acknowledgedBatches.incrementAndGet() == total / 3) {
                                third.countDown();
                              }
                              break;
                            }
                          } catch (IOException | InterruptedException e) {
                            // the connection broke: retried like any other failure
                          }
                          failedAttempts.incrementAndGet();
                          sleep(200);
                        }
                      }
                    }));
      }
      third.await();
      Process killed = instances.get(1);
      killed.destroyForcibly().waitFor(); // SIGKILL
      Instant killedAt = Instant.now();
      for (Thread sender : senders) {
        sender.join();
      }
      Duration loadTime = Duration.between(loadStarted, Instant.now());
      assertThat(acknowledged).as("every batch was acknowledged in the end").hasSize(total);
      // A batch whose answer was lost with the killed instance was retried: what it had committed
      // came back as duplicates, so the acknowledged answers count every event exactly once.
      assertThat(acceptedInLoad.get() + duplicatesInLoad.get()).isEqualTo(total * BATCH_SIZE);

      // Every batch again, through the instances that lived: each event is already counted.
      int duplicates = 0;
      for (List<String> mine : load) {
        for (String body : mine) {
          JsonNode answer = JSON.readTree(ingest(ingestPort, seeded.operatorKey(), body).body());
          assertThat(answer.get("accepted").asInt()).as("nothing acknowledged was lost").isZero();
          assertThat(answer.get("rejected")).isEmpty();
          duplicates += answer.get("duplicates").asInt();
        }
      }
      assertThat(duplicates).isEqualTo(total * BATCH_SIZE);

      // 3. The killed instance comes back (as systemd's Restart=on-failure would bring it), and
      // the month's close is sent to all three at once: it happens exactly once.
      instances.set(1, launch(database, ports[1], 1));
      awaitServing(instances.get(1), ports[1], 1);
      Map<Integer, JsonNode> closes = new ConcurrentHashMap<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> closers = new ArrayList<>();
      for (int port : ports) {
        closers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        go.await();
                        HttpResponse<String> answer =
                            post(
                                port,
                                "/operator/v1/periods/" + month + "/close",
                                seeded.operatorKey(),
                                "");
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                        closes.put(port, JSON.readTree(answer.body()));
                      } catch (Exception e) {
                        throw new AssertionError(e);
                      }
                    }));
      }
      go.countDown();
      for (Thread closer : closers) {
        closer.join();
      }
      assertThat(closes).hasSize(3);
      int closedTotal = closes.values().stream().mapToInt(c -> c.get("closed").asInt()).sum();
      assertThat(closedTotal).as("each organization's month was finalized once").isEqualTo(ORGS);
      for (JsonNode close : closes.values()) {
        assertThat(close.get("closed").asInt() + close.get("already_closed").asInt())
            .isEqualTo(ORGS);
      }

      long billed = 0;
      for (Map.Entry<String, String> org : seeded.apiKeys().entrySet()) {
        String id = invoiceId(org.getKey(), month);
        Set<String> bodies = new HashSet<>();
        for (int port : ports) {
          HttpResponse<String> answer = get(port, "/api/v1/invoices/" + id, org.getValue());
          assertThat(answer.statusCode()).isEqualTo(200);
          bodies.add(answer.body());
          JsonNode list =
              JSON.readTree(get(port, "/api/v1/invoices?status=FINALIZED", org.getValue()).body());
          assertThat(list.get("invoices")).hasSize(1);
          assertThat(list.get("invoices").get(0).get("invoice_id").asText()).isEqualTo(id);
        }
        assertThat(bodies).as("the same finalized bytes from every instance").hasSize(1);
        assertThat(JSON.readTree(bodies.iterator().next()).get("status").asText())
            .isEqualTo("FINALIZED");
        billed += storedQuantity(database, org.getKey());
        assertThat(finalizedInvoices(database, org.getKey()))
            .as("one finalized invoice row for " + org.getKey())
            .isEqualTo(1);
      }
      long sent = (long) (FIRST_BATCHES + total) * BATCH_SIZE;
      assertThat(billed).as("every acknowledged event billed exactly once").isEqualTo(sent);
      assertThat(billed).isEqualTo((long) FIRST_BATCHES * BATCH_SIZE + acceptedInLoad.get());

      // Late usage for the closed month is refused by every instance alike.
      JsonNode late = JSON.readTree(ingest(allPort, seeded.operatorKey(), first.get(0)).body());
      assertThat(late.get("accepted").asInt()).isZero();

      System.out.printf(
          "%nSEVERAL INSTANCES (3 x tally serve on PostgreSQL behind nginx %s):%n"
              + "  events sent %,d (%d batches of %d), acknowledged %,d, billed %,d%n"
              + "  load phase: %,d events in %.1f s through nginx, %d requests, %d failed"
              + " attempts retried (their retries answered %,d duplicates), instance 1 SIGKILLed"
              + " %.1f s in%n"
              + "  close of %s raced on 3 instances: closed %s (sum %d of %d organizations)%n"
              + "  whole test %.1f s%n%n",
          nginxVersion(),
          sent,
          FIRST_BATCHES + total,
          BATCH_SIZE,
          (long) (FIRST_BATCHES + acknowledged.size()) * BATCH_SIZE,
          billed,
          (long) total * BATCH_SIZE,
          loadTime.toMillis() / 1000.0,
          requests.get(),
          failedAttempts.get(),
          duplicatesInLoad.get(),
          Duration.between(loadStarted, killedAt).toMillis() / 1000.0,
          month,
          closes.values().stream().map(c -> c.get("closed").asText()).toList(),
          closedTotal,
          ORGS,
          Duration.between(started, Instant.now()).toMillis() / 1000.0);
    } finally {
      for (Process instance : instances) {
        instance.destroy();
      }
      for (Process instance : instances) {
        if (!instance.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          instance.destroyForcibly();
        }
      }
    }
  }

  /** What the test set up: the organizations' API keys and clusters, and an operator key. */
  private record Seeded(
      Map<String, String> apiKeys, Map<String, String> clusters, String operatorKey) {}

  private static Seeded seed(DatabaseConfig database, YearMonth month) throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    Map<String, String> clusters = new LinkedHashMap<>();
    try (Tally tally = Tally.open(database, Clock.systemUTC())) {
      for (int o = 0; o < ORGS; o++) {
        int n = o;
        String org = "org-" + n;
        String cluster = "11111111-2222-4333-8444-00000000000" + n;
        Instant now = Instant.now();
        // Created now, billed from last month: its backfill window keeps the automatic close of
        // every instance off that month, so the test's own close is the one that races.
        tally.tx().write(db -> db.organizations().create(org, "Org " + n, now, month));
        tally
            .tx()
            .write(
                db ->
                    db.clusters()
                        .create(
                            org,
                            new ClusterSpec(
                                    cluster,
                                    "cluster-" + n,
                                    Plan.STANDARD,
                                    CloudProvider.GCP,
                                    List.of("us-central1"),
                                    Map.of())
                                .toCluster(now)));
        String account =
            tally.tx().write(db -> db.serviceAccounts().create(org, "reader", now)).id();
        tally
            .tx()
            .write(
                db ->
                    db.serviceAccounts()
                        .grant(
                            account,
                            new RoleGrant(
                                Role.BILLING_COORDINATOR, ResourceType.ORGANIZATION, org)));
        keys.put(org, tally.tx().write(db -> db.apiKeys().create(account, "k", null, now)).token());
        clusters.put(org, cluster);
      }
      String operatorKey =
          tally.tx().write(db -> db.operatorKeys().create("several", Instant.now())).token();
      return new Seeded(keys, clusters, operatorKey);
    }
  }

  /** {@code count} bodies of {@link #BATCH_SIZE} events each, spread over the organizations. */
  private static List<String> batches(String prefix, int count, Seeded seeded, YearMonth month)
      throws IOException {
    List<String> orgs = new ArrayList<>(seeded.clusters().keySet());
    Instant at = month.atDay(15).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<String> bodies = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      List<Map<String, Object>> events = new ArrayList<>();
      for (int i = 0; i < BATCH_SIZE; i++) {
        String org = orgs.get((b + i) % orgs.size());
        Map<String, Object> event = new HashMap<>();
        event.put("event_id", prefix + "-" + b + "-" + i);
        event.put("organization_id", org);
        event.put("cluster_id", seeded.clusters().get(org));
        event.put("sku", "standard.compute");
        event.put("quantity", "1");
        event.put("timestamp", at.plusSeconds(i).toString());
        events.add(event);
      }
      bodies.add(JSON.writeValueAsString(Map.of("events", events)));
    }
    return bodies;
  }

  private static String invoiceId(String org, YearMonth month) {
    return "inv_" + org + "_" + month;
  }

  private static long storedQuantity(DatabaseConfig database, String org) throws Exception {
    return queryLong(
        database,
        "SELECT COALESCE(SUM(quantity), 0) FROM usage_daily WHERE organization_id = ?",
        org);
  }

  private static long finalizedInvoices(DatabaseConfig database, String org) throws Exception {
    return queryLong(
        database,
        "SELECT COUNT(*) FROM invoices WHERE organization_id = ? AND status = 'FINALIZED'",
        org);
  }

  private static long queryLong(DatabaseConfig database, String sql, String org) throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(database.jdbcUrl());
        PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, org);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getBigDecimal(1).longValueExact();
      }
    }
  }

  private Process launch(DatabaseConfig database, int port, int index) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-jar",
            System.getProperty("tally.jar"),
            "serve",
            "--port",
            String.valueOf(port),
            "--database-url",
            database.jdbcUrl(),
            // Losing nothing under load, not the rate limit, is what this measures.
            "--rate-limit",
            "0")
        .redirectErrorStream(true)
        .redirectOutput(
            ProcessBuilder.Redirect.appendTo(dir.resolve("instance-" + index + ".log").toFile()))
        .start();
  }

  private void awaitServing(Process process, int port, int index) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(
        "instance "
            + index
            + " did not start: "
            + Files.readString(dir.resolve("instance-" + index + ".log")));
  }

  private HttpResponse<String> ingest(int port, String key, String body)
      throws IOException, InterruptedException {
    return post(port, "/operator/v1/usage-events", key, body);
  }

  private HttpResponse<String> post(int port, String path, String key, String body)
      throws IOException, InterruptedException {
    // As the SDK sends them: a JSON body with its Content-Type, or no body and no Content-Type.
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + key)
            .timeout(Duration.ofSeconds(60));
    if (body.isEmpty()) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path, String key)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + key)
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String nginxVersion() {
    try {
      Process p =
          new ProcessBuilder(Nginx.executable().toString(), "-v").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return out.replace("nginx version: ", "");
    } catch (IOException | InterruptedException e) {
      return "?";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void requireOrSkip(String reason) {
    if (reason == null) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("the several-instances test cannot run in CI: " + reason);
    }
    System.err.println(
        "\n**********************************************************************\n"
            + "* WARNING: SeveralInstancesIT SKIPPED: "
            + reason
            + "\n**********************************************************************");
    Assumptions.abort(reason);
  }
}
