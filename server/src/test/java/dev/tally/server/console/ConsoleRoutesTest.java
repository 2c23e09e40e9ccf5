package dev.tally.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's files over HTTP: served without a key, with the headers of a page that holds a key,
 * and nothing but the console's own files.
 */
class ConsoleRoutesTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.on(DatabaseConfig.inMemory("console-routes" + System.nanoTime()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theConsoleAddressWithoutItsSlashRedirectsToThePage() {
    HttpResponse<String> response = server.get("/console", null);

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("Location")).contains("/console/");
  }

  @Test
  void thePageIsServedWithoutAKeyWithItsSecurityHeaders() {
    HttpResponse<String> response = server.get("/console/", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/html")
        .containsIgnoringCase("charset=utf-8");
    assertThat(response.body())
        .contains("<script src=\"console.js\" defer></script>")
        .doesNotContain("<script>")
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .contains("script-src 'self'")
        .contains("connect-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.headers().firstValue("Referrer-Policy")).contains("no-referrer");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "console.css:text/css",
        "console.js:text/javascript",
        "format.js:text/javascript",
        "chart.js:text/javascript",
        "favicon.svg:image/svg+xml"
      })
  void everyAssetIsLocalAndTyped(String fileAndType) {
    String[] parts = fileAndType.split(":");
    HttpResponse<String> response = server.get("/console/" + parts[0], null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(parts[1]);
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
    assertThat(response.body())
        .as("no asset loads anything from another origin")
        .doesNotContain("//cdn")
        .doesNotContain("fetch('http")
        .doesNotContain("innerHTML");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/console/nothing.js",
        "/console/..%2Fdb%2Fmigration%2FV1__schema.sql",
        "/console/%2e%2e%2flogback.xml",
        "/console/index.html%00"
      })
  void anythingButTheConsolesFilesIsANotFoundStatus(String path) {
    HttpResponse<String> response = server.get(path, null);

    assertThat(response.statusCode()).isIn(400, 404);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body()).startsWith("{\"code\":").doesNotContain("CREATE TABLE");
  }

  @Test
  void aMissingFileStillCarriesTheConsolesHeaders() {
    HttpResponse<String> response = server.get("/console/nothing.js", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("the console has no file nothing.js");
    assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.uri("/console/console.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  @Test
  void theServerTimeIsTheServersClockForTheProjection() {
    server.clock().set(Instant.parse("2026-11-15T12:00:00Z"));

    HttpResponse<String> response = server.get("/console/server-time", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"now\":\"2026-11-15T12:00:00Z\"}");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }
}
