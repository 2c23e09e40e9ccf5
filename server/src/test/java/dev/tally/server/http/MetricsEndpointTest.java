package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.App;
import dev.tally.server.Tally;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.MutableClock;
import dev.tally.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /metrics} serves the documented meters in the Prometheus text format: requests by route
 * template (never a raw id) and status, the pool, usage outcomes, closes, rate limits and the JVM.
 */
class MetricsEndpointTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void countsRequestsUsageAndClosesUnderBoundedLabels(Backend backend) {
    try (TestServer server = TestServer.on(backend)) {
      TestServer.Tenant tenant =
          server.tenant("Metrics", Instant.parse("2026-01-01T00:00:00Z"), "c");
      String key = tenant.billingKey();
      String operator = server.operatorKey();
      for (int i = 0; i < 3; i++) {
        assertThat(server.get("/api/v1/invoices/inv-secret-id-" + i, key).statusCode())
            .isEqualTo(404);
      }
      assertThat(server.get("/no/such/route/abc", null).statusCode()).isEqualTo(404);
      for (String path : new String[] {"/api/v1/invoices", "/api/v1/invoices/inv-other-id"}) {
        HttpResponse<String> notAllowed =
            server.send(
                HttpRequest.newBuilder(server.uri(path))
                    .header("Authorization", "Bearer " + key)
                    .DELETE()
                    .build());
        assertThat(notAllowed.statusCode()).isEqualTo(405);
      }
      String cluster = tenant.clusters().get(0).id();
      String event =
          "{\"event_id\":\"%s\",\"organization_id\":\""
              + tenant.orgId()
              + "\",\"cluster_id\":\""
              + cluster
              + "\",\"sku\":\"%s\",\"quantity\":\"1\",\"timestamp\":\"2026-11-02T00:00:00Z\"}";
      String batch =
          "{\"events\":["
              + String.join(
                  ",",
                  event.formatted("a", "standard.compute"),
                  event.formatted("b", "standard.compute"),
                  event.formatted("a", "standard.compute"),
                  event.formatted("c", "no.such.sku"))
              + "]}";
      assertThat(server.post("/operator/v1/usage-events", operator, batch).statusCode())
          .isEqualTo(200);
      assertThat(server.post("/operator/v1/periods/2026-10/close", operator, "").statusCode())
          .isEqualTo(200);

      HttpResponse<String> response = server.get("/metrics", null);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain");
      String text = response.body();
      assertThat(
              value(
                  text,
                  "tally_http_server_requests_seconds_count",
                  "/api/v1/invoices/{invoice_id}",
                  "404"))
          .as(
              () ->
                  text.lines()
                      .filter(l -> l.contains("requests_seconds_count"))
                      .toList()
                      .toString())
          .isEqualTo(3);
      // A method the path's route does not take is timed under that route, not as unmatched.
      assertThat(value(text, "tally_http_server_requests_seconds_count", "/api/v1/invoices", "405"))
          .isEqualTo(1);
      assertThat(
              value(
                  text,
                  "tally_http_server_requests_seconds_count",
                  "/api/v1/invoices/{invoice_id}",
                  "405"))
          .isEqualTo(1);
      assertThat(text)
          .doesNotContain("inv-other-id")
          .contains("route=\"unmatched\"")
          .doesNotContain("inv-secret-id")
          .doesNotContain("/no/such/route")
          .contains("tally_http_server_requests_seconds_bucket{")
          .contains("tally_usage_events_accepted_total 2.0")
          .contains("tally_usage_events_duplicate_total 1.0")
          .contains("tally_usage_events_rejected_total{reason=\"NOT_FOUND\"} 1.0")
          .contains("tally_period_closes_seconds_count{outcome=\"success\"} 1")
          .contains("tally_invoices_finalized_total 10.0")
          .contains("tally_http_rate_limited_total{limit=\"api_key\"} 0.0")
          .contains("hikaricp_connections_active{pool=\"tally\"}")
          .contains("hikaricp_connections_max{pool=\"tally\"}")
          .contains("jvm_memory_used_bytes")
          .contains("jvm_threads_live_threads")
          .contains("process_uptime_seconds");
    }
  }

  @Test
  void theRateLimitCounterCountsEveryRequestTheLimiterRefuses() {
    try (TestServer server =
        TestServer.on(
            Backend.all().findFirst().orElseThrow(), HttpLimits.unlimited().withRequests(1, 1))) {
      String key =
          server.tenant("Limited", Instant.parse("2026-01-01T00:00:00Z"), "alpha").billingKey();
      long refused = 0;
      for (int i = 0; i < 5; i++) {
        if (server.get("/api/v1/invoices", key).statusCode() == 429) {
          refused++;
        }
      }
      assertThat(refused).isPositive();
      String text = server.get("/metrics", null).body();
      assertThat(text)
          .contains("tally_http_rate_limited_total{limit=\"api_key\"} " + refused + ".0")
          .contains("tally_http_rate_limited_total{limit=\"client_ip\"} 0.0")
          .contains("tally_http_rate_limited_total{limit=\"auth_failures\"} 0.0");
    }
  }

  @Test
  void metricsCanBeTurnedOff() throws Exception {
    try (Tally tally =
            Tally.open(
                DatabaseConfig.inMemory("off" + System.nanoTime()),
                new MutableClock(TestServer.DEFAULT_NOW));
        App app =
            App.start(
                tally,
                new App.Options(
                    "127.0.0.1",
                    0,
                    java.time.Duration.ofDays(1),
                    null,
                    App.DEFAULT_SHUTDOWN_TIMEOUT,
                    false))) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(404);
    }
  }

  /** The value of one sample of {@code name} with the given route and status labels. */
  private static double value(String text, String name, String route, String status) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)\\} (\\S+)$", Pattern.MULTILINE)
            .matcher(text);
    double total = 0;
    while (m.find()) {
      String labels = m.group(1);
      if (labels.contains("route=\"" + route + "\"")
          && labels.contains("status=\"" + status + "\"")) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }
}
