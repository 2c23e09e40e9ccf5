package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every answer carries an {@code X-Request-Id}: the client's when sane, else a new one. */
class RequestIdTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.on(DatabaseConfig.inMemory("rid" + System.nanoTime()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String idFor(String sent) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/v1/invoices"));
    if (sent != null) {
      request.header("X-Request-Id", sent);
    }
    HttpResponse<String> response = server.send(request.build());
    assertThat(response.statusCode()).isEqualTo(401);
    return response.headers().firstValue("X-Request-Id").orElseThrow();
  }

  @Test
  void aSaneIdIsEchoed() {
    assertThat(idFor("req-42_a.b:c")).isEqualTo("req-42_a.b:c");
  }

  @Test
  void aMissingIdIsGeneratedFreshEachTime() {
    String one = idFor(null);
    String two = idFor(null);
    assertThat(one).matches("[0-9a-f-]{36}");
    assertThat(two).matches("[0-9a-f-]{36}").isNotEqualTo(one);
  }

  @Test
  void aGeneratedIdIsARandomVersion4Uuid() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.accept(null);
      java.util.UUID parsed = java.util.UUID.fromString(id);
      assertThat(parsed.version()).isEqualTo(4);
      assertThat(parsed.variant()).isEqualTo(2);
      assertThat(parsed.toString()).isEqualTo(id);
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void anUnsafeOrOverlongIdIsReplaced() {
    assertThat(idFor("a".repeat(65))).matches("[0-9a-f-]{36}");
    assertThat(idFor("has space")).matches("[0-9a-f-]{36}");
    assertThat(idFor("quote\"inside")).matches("[0-9a-f-]{36}");
    assertThat(idFor("üñí")).matches("[0-9a-f-]{36}");
  }

  @Test
  void anIdThatLooksLikeAKeyIsNeverKept() {
    assertThat(idFor("TALLY1_abc_def")).matches("[0-9a-f-]{36}");
    assertThat(idFor("tallyop1_abc_def")).matches("[0-9a-f-]{36}");
  }

  @Test
  void anIdHoldingAKeyOrASecretAnywhereIsNeverKept() {
    String key = dev.tally.server.auth.ApiKeySecret.mint().token();
    String operator =
        dev.tally.server.auth.ApiKeySecret.mint(dev.tally.server.auth.ApiKeySecret.OPERATOR)
            .token();
    String withoutPrefix = key.substring(key.indexOf('_') + 1);
    for (String sent :
        new String[] {
          withoutPrefix,
          "x." + operator.substring(0, 50),
          "x.tally1_" + withoutPrefix.substring(0, 30),
          "id:" + "Ab1".repeat(14),
          "a".repeat(40)
        }) {
      assertThat(idFor(sent)).as(sent).matches("[0-9a-f-]{36}");
    }
    // Shorter runs, separated, are kept: a trace id of 32 hex digits, a UUID.
    String trace = "0af7651916cd43dd8448eb211c80319c";
    assertThat(idFor(trace)).isEqualTo(trace);
    assertThat(idFor("b".repeat(39) + "-" + "c".repeat(24)))
        .isEqualTo("b".repeat(39) + "-" + "c".repeat(24));
  }

  @Test
  void unmatchedRoutesAndProbesCarryOneToo() {
    assertThat(server.get("/nowhere", null).headers().firstValue("X-Request-Id")).isPresent();
    assertThat(server.get("/healthz", null).headers().firstValue("X-Request-Id")).isPresent();
  }
}
