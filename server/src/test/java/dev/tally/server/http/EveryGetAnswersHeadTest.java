package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HEAD answers exactly as GET would, without the body, on every GET route (RFC 9110 section 9.3.2):
 * each GET route has its HEAD twin, declared with the same handler and permission, so no HEAD falls
 * through to Javalin's own unchecked {@code 200 text/plain}.
 */
class EveryGetAnswersHeadTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.on(Backend.all().findFirst().orElseThrow());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyGetRouteHasAHeadRouteOnTheSamePath() {
    Set<String> heads =
        server.routes().stream()
            .filter(route -> route.method().equals("HEAD"))
            .map(ApiServer.Route::path)
            .collect(Collectors.toSet());
    List<String> gets =
        server.routes().stream()
            .filter(route -> route.method().equals("GET"))
            .map(ApiServer.Route::path)
            .toList();

    assertThat(gets).contains("/healthz", "/readyz", "/metrics", "/api/v1/invoices");
    assertThat(heads).containsAll(gets);
  }

  @Test
  void headAnswersGetsStatusAndHeadersWithoutABody() throws Exception {
    String key = server.tenant("Heads", TestServer.DEFAULT_NOW.minusSeconds(86_400)).billingKey();
    for (String path :
        List.of(
            "/healthz",
            "/health",
            "/readyz",
            "/metrics",
            "/openapi.json",
            "/console/",
            "/api/v1/invoices",
            "/tally/v1/organization")) {
      HttpResponse<byte[]> get = call("GET", path, key);
      HttpResponse<byte[]> head = call("HEAD", path, key);

      assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode()).isLessThan(300);
      assertThat(contentType(head.headers())).as(path).isEqualTo(contentType(get.headers()));
      assertThat(head.body()).as(path).isEmpty();
    }
  }

  @Test
  void headOnAnAuthenticatedRouteIsRefusedWithoutAKeyAsGetIs() throws Exception {
    for (String path : List.of("/api/v1/invoices", "/tally/v1/credits")) {
      assertThat(call("HEAD", path, null).statusCode()).as(path).isEqualTo(401);
    }
  }

  private static String contentType(HttpHeaders headers) {
    return headers.firstValue("Content-Type").orElse("none");
  }

  private static HttpResponse<byte[]> call(String method, String path, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
