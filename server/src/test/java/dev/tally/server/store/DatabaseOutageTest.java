package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import dev.tally.server.testing.ThrowawayPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * While PostgreSQL is down, requests fail fast with 503, a {@code Status} body and {@code
 * Retry-After}, and {@code /readyz} says not ready; once it is back, Tally serves again without a
 * restart. The test runs its own PostgreSQL, stops it and starts it again, and prints the times it
 * measured (on a loaded machine they are upper bounds, not benchmarks).
 */
class DatabaseOutageTest {

  /** What an outage may cost a request, and how soon service must resume. */
  private static final Duration FAIL_WITHIN = Duration.ofSeconds(1);

  private static final Duration RECOVER_WITHIN = Duration.ofSeconds(5);

  @Test
  void requestsFailFastDuringAnOutageAndServiceResumesWithoutARestart() throws Exception {
    Optional<Path> bin = ThrowawayPostgres.find();
    assumeTrue(
        bin.isPresent() || "true".equals(System.getenv("CI")),
        "PostgreSQL is not installed: the outage test needs its own server");
    try (ThrowawayPostgres pg = ThrowawayPostgres.start(bin.orElseThrow());
        TestServer server = TestServer.on(Backend.freshPostgres(pg.adminUrl()))) {
      TestServer.Tenant tenant =
          server.tenant("Outage", Instant.parse("2026-01-01T00:00:00Z"), "c");
      String key = tenant.billingKey();
      assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
      assertThat(server.get("/readyz", null).statusCode()).isEqualTo(200);

      pg.stop();

      long worstFailMillis = 0;
      for (int i = 0; i < 5; i++) {
        long started = System.nanoTime();
        HttpResponse<String> down = server.get("/api/v1/invoices", key);
        long millis = (System.nanoTime() - started) / 1_000_000;
        worstFailMillis = Math.max(worstFailMillis, millis);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(down.body())
            .isEqualTo(
                "{\"code\":14,\"message\":\"the database is unavailable; try again shortly\","
                    + "\"details\":[]}");
      }
      // A long outage: requests keep coming for 8 s (HikariCP alone would by then wait up to 5 s
      // between reconnection attempts).
      long outageEnds = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (System.nanoTime() < outageEnds) {
        long started = System.nanoTime();
        assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(503);
        worstFailMillis = Math.max(worstFailMillis, (System.nanoTime() - started) / 1_000_000);
        Thread.sleep(100);
      }
      long readyStarted = System.nanoTime();
      HttpResponse<String> notReady = server.get("/readyz", null);
      long readyMillis = (System.nanoTime() - readyStarted) / 1_000_000;
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("\"code\":14").contains("not ready");
      assertThat(server.get("/healthz", null).statusCode()).isEqualTo(200);

      pg.start();
      long back = System.nanoTime();
      int status = 0;
      while (System.nanoTime() - back < RECOVER_WITHIN.toNanos() * 2) {
        status = server.get("/api/v1/invoices", key).statusCode();
        if (status == 200) {
          break;
        }
        Thread.sleep(50);
      }
      long recoveryMillis = (System.nanoTime() - back) / 1_000_000;
      assertThat(server.get("/readyz", null).statusCode()).isEqualTo(200);

      System.out.printf(
          "OUTAGE FIGURES: slowest 503 while PostgreSQL was down (8 s of requests): %d ms;"
              + " /readyz not ready in %d ms; serving again %d ms after PostgreSQL accepted"
              + " connections%n",
          worstFailMillis, readyMillis, recoveryMillis);
      assertThat(status).isEqualTo(200);
      assertThat(worstFailMillis).isLessThan(FAIL_WITHIN.toMillis());
      assertThat(recoveryMillis).isLessThan(RECOVER_WITHIN.toMillis());

      // The replaced pool reports itself: its gauges are registered anew, not left on the old one.
      String metrics = server.get("/metrics", null).body();
      assertThat(metrics).contains("hikaricp_connections_active{pool=\"tally\"}");
      java.util.regex.Matcher total =
          java.util.regex.Pattern.compile("(?m)^hikaricp_connections\\{pool=\"tally\"} ([0-9.]+)$")
              .matcher(metrics);
      assertThat(total.find()).as("hikaricp_connections in %s", metrics).isTrue();
      assertThat(Double.parseDouble(total.group(1))).isPositive();
    }
  }
}
