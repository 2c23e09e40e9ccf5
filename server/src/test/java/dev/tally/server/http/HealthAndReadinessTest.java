package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /healthz} says the process serves; {@code /readyz} says the database answers and has every
 * migration, and says not ready, as a {@code Status} with {@code Retry-After}, when it lacks one.
 */
class HealthAndReadinessTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void livenessAndItsOldAliasAnswerWithoutAKey(Backend backend) {
    try (TestServer server = TestServer.on(backend)) {
      for (String path : new String[] {"/healthz", "/health"}) {
        HttpResponse<String> response = server.get(path, null);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"SERVING\"}");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void readyWhenTheDatabaseAnswersAndIsMigrated(Backend backend) {
    try (TestServer server = TestServer.on(backend)) {
      HttpResponse<String> response = server.get("/readyz", null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"status\":\"READY\"}");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void notReadyWhenTheSchemaLacksAMigration(Backend backend) {
    try (TestServer server = TestServer.on(backend)) {
      long latest = server.queryLong("SELECT MAX(installed_rank) FROM flyway_schema_history");
      server.executeBehindTheBack(
          "DELETE FROM flyway_schema_history WHERE installed_rank = ?", (int) latest);

      HttpResponse<String> response = server.get("/readyz", null);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(response.body())
          .startsWith("{\"code\":14,\"message\":\"not ready: the database schema lacks 1 migration")
          .endsWith("\"details\":[]}");
      assertThat(server.get("/healthz", null).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void notReadyWhenTheSchemaHistoryRecordsAFailedMigration(Backend backend) {
    try (TestServer server = TestServer.on(backend)) {
      long latest = server.queryLong("SELECT MAX(installed_rank) FROM flyway_schema_history");
      server.executeBehindTheBack(
          "UPDATE flyway_schema_history SET success = FALSE WHERE installed_rank = ?",
          (int) latest);

      HttpResponse<String> response = server.get("/readyz", null);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body())
          .startsWith(
              "{\"code\":14,\"message\":\"not ready: the schema history records a failed"
                  + " migration (V")
          .contains("repair it before serving");
      assertThat(server.get("/healthz", null).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void probesLieOutsideTheApiAndNeedNoVersionHeader(Backend backend) {
    try (TestServer server = TestServer.on(backend)) {
      assertThat(server.get("/api/healthz", null).statusCode()).isEqualTo(404);
      assertThat(server.get("/api/v1/readyz", null).statusCode()).isIn(401, 404);
    }
  }
}
