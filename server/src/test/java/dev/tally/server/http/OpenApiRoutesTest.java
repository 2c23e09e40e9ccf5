package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /openapi.json} serves the document to anyone, and the document stays true: every route
 * the server declares is in it, and every operation in it is a route the server declares.
 */
class OpenApiRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Routes this document describes that other branches are building (issue 12's health, readiness
   * and metrics; the console's {@code /tally/v1} routes). Once the server declares one, this test
   * fails until it is removed from here, so the list only ever shrinks.
   */
  private static final Set<String> PENDING = Set.of();

  /**
   * Routes that are no API operation: the web console's pages and assets, and the route that
   * answers an empty invoice id ({@code /api/v1/invoices/}) with a 400 naming the right form.
   */
  private static boolean undocumented(String route) {
    String path = route.substring(route.indexOf(' ') + 1);
    return path.equals("/console")
        || path.startsWith("/console/")
        || path.equals("/api/v1/invoices/");
  }

  private static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.on(DatabaseConfig.inMemory("t" + UUID.randomUUID().toString().replace("-", "")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theDocumentIsServedToAnyoneAsJson() throws Exception {
    HttpResponse<String> response = server.get(OpenApiRoutes.PATH, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(OpenApiRoutes.document());
    assertThat(JSON.readTree(response.body()).path("info").path("title").asText())
        .isEqualTo("Tally API");
    ContractValidator.assertConforms(OpenApiRoutes.PATH, response);
  }

  @Test
  void headAnswersLikeGetWithoutTheBody() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.uri(OpenApiRoutes.PATH))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void everyDeclaredRouteIsDocumented() throws Exception {
    assertThat(declared())
        .isNotEmpty()
        .allSatisfy(route -> assertThat(documented()).contains(route));
  }

  @Test
  void everyDocumentedOperationIsADeclaredRouteOrPending() throws Exception {
    Set<String> declared = declared();
    for (String operation : documented()) {
      if (PENDING.contains(operation)) {
        assertThat(declared)
            .as("%s is served now: remove it from OpenApiRoutesTest.PENDING", operation)
            .doesNotContain(operation);
      } else {
        assertThat(declared).as("the documented operation %s", operation).contains(operation);
      }
    }
    assertThat(documented()).containsAll(PENDING);
  }

  private static Set<String> declared() {
    Set<String> routes = new TreeSet<>();
    for (var route : server.routes()) {
      String text = route.method() + " " + route.path();
      if (!undocumented(text)) {
        routes.add(text);
      }
    }
    return routes;
  }

  private static Set<String> documented() throws Exception {
    JsonNode paths = JSON.readTree(OpenApiRoutes.document()).path("paths");
    Set<String> operations = new TreeSet<>();
    paths
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (List.of("get", "head", "post", "put", "patch", "delete", "options")
                              .contains(method)) {
                            operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    return operations;
  }
}
