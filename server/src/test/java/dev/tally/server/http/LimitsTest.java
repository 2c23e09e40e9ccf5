package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.auth.ApiKeySecret;
import dev.tally.server.auth.CredentialCache;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.RawHttp;
import dev.tally.server.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits of {@link HttpLimits} over real HTTP: request rates per key and per client IP, failed
 * authentications per key id, and the deadlines on headers and bodies. They do not depend on the
 * database, so they run on the embedded one.
 */
@Timeout(60)
class LimitsTest {

  private static final Backend EMBEDDED = Backend.all().findFirst().orElseThrow();

  private final List<RateLimitListener.Limit> limited = new CopyOnWriteArrayList<>();

  private TestServer server(HttpLimits limits) {
    return TestServer.on(EMBEDDED, limits, limited::add);
  }

  private static HttpLimits rate(int perSecond, int burst) {
    return HttpLimits.unlimited().withRequests(perSecond, burst);
  }

  private static void assertTooMany(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
    ContractValidator.assertStatusBody(response);
    assertThat(response.body()).contains("\"code\":8").contains("rate limit exceeded");
    assertThat(response.headers().firstValue("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
  }

  /**
   * The first refusal among {@code attempts} calls. The bucket refills at 1 a second and this
   * machine may be slow, so a few more calls than the burst are made, not exactly one more.
   */
  private static HttpResponse<String> firstRefusal(
      java.util.function.Supplier<HttpResponse<String>> call, int attempts) {
    for (int i = 0; i < attempts; i++) {
      HttpResponse<String> response = call.get();
      if (response.statusCode() == 429) {
        return response;
      }
    }
    throw new AssertionError("no 429 in " + attempts + " calls");
  }

  @Test
  void aKeyThatSpendsItsBurstIsAnswered429WithRetryAfterInWholeSeconds() {
    try (TestServer server = server(rate(1, 3))) {
      TestServer.Tenant tenant = server.tenant("Limited", Instant.parse("2026-01-01T00:00:00Z"));
      tenant.invoice(YearMonth.of(2026, 5), InvoiceStatus.FINALIZED);
      String key = tenant.billingKey();
      for (int i = 0; i < 3; i++) {
        assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> refused = firstRefusal(() -> server.get("/api/v1/invoices", key), 20);
      assertTooMany(refused);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(limited).containsOnly(RateLimitListener.Limit.API_KEY);

      // Another key of the same organization has a bucket of its own.
      assertThat(server.get("/api/v1/invoices", tenant.billingKey()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theBucketRefillsAtTheConfiguredRate() throws Exception {
    try (TestServer server = server(rate(1, 1))) {
      String key = server.tenant("Refill", Instant.parse("2026-01-01T00:00:00Z")).billingKey();
      assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
      firstRefusal(() -> server.get("/api/v1/invoices", key), 10);
      Thread.sleep(1_100); // one token a second
      assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void operatorKeysAreLimitedToo() {
    try (TestServer server = server(rate(1, 2))) {
      String operator = server.operatorKey();
      for (int i = 0; i < 2; i++) {
        assertThat(
                server.post("/operator/v1/usage-events", operator, "{\"events\":[]}").statusCode())
            .isEqualTo(200);
      }
      assertTooMany(
          firstRefusal(
              () -> server.post("/operator/v1/usage-events", operator, "{\"events\":[]}"), 20));
    }
  }

  @Test
  void failedAuthenticationsForOneKeyIdAreThrottledBeforeTheSecretIsLookedUp() {
    try (TestServer server = server(HttpLimits.unlimited().withAuthFailuresPerMinute(5))) {
      String key = server.tenant("Guessed", Instant.parse("2026-01-01T00:00:00Z")).billingKey();
      String keyId = key.split("_")[1];
      for (int i = 0; i < 5; i++) {
        String guess = "TALLY1_" + keyId + "_" + "x".repeat(39) + (char) ('a' + i);
        assertThat(server.get("/api/v1/invoices", guess).statusCode()).isEqualTo(401);
      }
      int refused = 0;
      for (int i = 0; i < 1_000; i++) {
        String guess = "TALLY1_" + keyId + "_" + String.format("%040d", i);
        HttpResponse<String> response = server.get("/api/v1/invoices", guess);
        if (response.statusCode() == 429) {
          refused++;
          if (refused == 1) {
            assertTooMany(response);
            assertThat(response.body()).contains("failed authentications");
          }
        }
      }
      // One failure refills every 12 s, so at most one more guess can get through in this loop.
      assertThat(refused).isGreaterThanOrEqualTo(999);
      assertThat(limited).contains(RateLimitListener.Limit.AUTH_FAILURES);

      // While its failures are spent, the key id is refused even with the right secret: the
      // secret is not looked up at all. Another key is unaffected.
      assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(429);
      String other = server.tenant("Other", Instant.parse("2026-01-01T00:00:00Z")).billingKey();
      assertThat(server.get("/api/v1/invoices", other).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void operatorKeyGuessesAreThrottledToo() {
    try (TestServer server = server(HttpLimits.unlimited().withAuthFailuresPerMinute(3))) {
      String keyId = server.operatorKey().split("_")[1];
      int[] statuses = new int[6];
      for (int i = 0; i < statuses.length; i++) {
        statuses[i] =
            server
                .post(
                    "/operator/v1/usage-events",
                    "TALLYOP1_" + keyId + "_" + "y".repeat(40),
                    "{\"events\":[]}")
                .statusCode();
      }
      assertThat(statuses).containsExactly(401, 401, 401, 429, 429, 429);
    }
  }

  @Test
  void requestsWithoutAParsableKeyAreLimitedPerClientIp() {
    try (TestServer server = server(rate(1, 2).withAuthFailuresPerMinute(100))) {
      assertThat(server.get("/api/v1/invoices", null).statusCode()).isEqualTo(401);
      assertThat(server.get("/api/v1/invoices", "not-a-key").statusCode()).isEqualTo(401);
      assertTooMany(firstRefusal(() -> server.get("/api/v1/invoices", "Basic abc"), 20));
      assertThat(limited).containsOnly(RateLimitListener.Limit.CLIENT_IP);
    }
  }

  @Test
  void garbageTokensSpendTheClientsFailedAuthenticationAllowance() {
    try (TestServer server = server(HttpLimits.unlimited().withAuthFailuresPerMinute(2))) {
      assertThat(server.get("/api/v1/invoices", "garbage-1").statusCode()).isEqualTo(401);
      assertThat(server.get("/api/v1/invoices", "garbage-2").statusCode()).isEqualTo(401);
      assertTooMany(server.get("/api/v1/invoices", "garbage-3"));
    }
  }

  @Test
  void oneKeyIdsFailuresNeverSpendAnotherKeyIdsOrTheAddresssAllowance() {
    try (TestServer server = server(HttpLimits.unlimited().withAuthFailuresPerMinute(3))) {
      String a = server.tenant("A", Instant.parse("2026-01-01T00:00:00Z")).billingKey();
      String b = server.tenant("B", Instant.parse("2026-01-01T00:00:00Z")).billingKey();
      String aId = a.split("_")[1];
      for (int i = 0; i < 3; i++) {
        assertThat(
                server.get("/api/v1/invoices", "TALLY1_" + aId + "_" + "w".repeat(40)).statusCode())
            .isEqualTo(401);
      }
      assertThat(
              server.get("/api/v1/invoices", "TALLY1_" + aId + "_" + "w".repeat(40)).statusCode())
          .isEqualTo(429);
      // A fresh key id with a wrong secret, from the same address, fails on its own account.
      String bId = b.split("_")[1];
      HttpResponse<String> wrongB =
          server.get("/api/v1/invoices", "TALLY1_" + bId + "_" + "v".repeat(40));
      assertThat(wrongB.statusCode()).as(wrongB.body()).isEqualTo(401);
      assertThat(server.get("/api/v1/invoices", b).statusCode()).isEqualTo(200);
      // A request that names no key is counted against the address, which A's failures did not
      // touch either.
      HttpResponse<String> keyless = server.get("/api/v1/invoices", null);
      assertThat(keyless.statusCode()).as(keyless.body()).isEqualTo(401);
    }
  }

  @Test
  void requestsThatNameNoKeyIdAreRefusedPerAddressWithoutMentioningAKey() {
    try (TestServer server = server(HttpLimits.unlimited().withAuthFailuresPerMinute(2))) {
      assertThat(server.get("/api/v1/invoices", null).statusCode()).isEqualTo(401);
      assertThat(server.get("/api/v1/invoices", "TALLY1_short_key").statusCode()).isEqualTo(401);
      HttpResponse<String> refused = server.get("/api/v1/invoices", null);
      assertTooMany(refused);
      assertThat(refused.body())
          .contains("too many failed authentications from this address")
          .doesNotContain("key");
      // A well-formed key is counted against its key id, not the spent address.
      String key = server.tenant("Own", Instant.parse("2026-01-01T00:00:00Z")).billingKey();
      assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theRequestRateOfAnAddressSaysAddressNotKey() {
    try (TestServer server = server(rate(1, 1))) {
      HttpResponse<String> refused = firstRefusal(() -> server.get("/api/v1/invoices", null), 20);
      assertTooMany(refused);
      assertThat(refused.body()).contains("from this address").doesNotContain("key");
    }
  }

  @Test
  void xForwardedForIsNotTrusted() {
    // Behind a proxy every request without a key id shares the proxy's address; a client cannot
    // escape its own bucket by inventing a forwarded address.
    try (TestServer server = server(HttpLimits.unlimited().withAuthFailuresPerMinute(2))) {
      int[] statuses = new int[4];
      for (int i = 0; i < statuses.length; i++) {
        statuses[i] =
            server
                .send(
                    java.net.http.HttpRequest.newBuilder(server.uri("/api/v1/invoices"))
                        .header("X-Forwarded-For", "198.51.100." + i)
                        .header("Forwarded", "for=198.51.100." + i)
                        .build())
                .statusCode();
      }
      assertThat(statuses).containsExactly(401, 401, 429, 429);
    }
  }

  @Test
  void aSpentKeyIdIsRefusedRightSecretIncludedWithoutAskingTheDatabase() {
    try (TestServer server = server(HttpLimits.unlimited().withAuthFailuresPerMinute(2))) {
      String key = server.tenant("Spent", Instant.parse("2026-01-01T00:00:00Z")).billingKey();
      String operator = server.operatorKey();
      String keyId = key.split("_")[1];
      String operatorId = operator.split("_")[1];
      for (int i = 0; i < 2; i++) {
        assertThat(
                server
                    .get("/api/v1/invoices", "TALLY1_" + keyId + "_" + "w".repeat(40))
                    .statusCode())
            .isEqualTo(401);
        assertThat(
                server
                    .post(
                        "/operator/v1/usage-events",
                        "TALLYOP1_" + operatorId + "_" + "w".repeat(40),
                        "{\"events\":[]}")
                    .statusCode())
            .isEqualTo(401);
      }
      long statements = server.tally().tx().statementsPrepared();
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> right = server.get("/api/v1/invoices", key);
        assertTooMany(right);
        assertThat(right.body()).contains("failed authentications with this key id");
        assertTooMany(server.post("/operator/v1/usage-events", operator, "{\"events\":[]}"));
      }
      assertThat(server.tally().tx().statementsPrepared()).isEqualTo(statements);
    }
  }

  @Test
  void madeUpKeyIdsFromOneAddressStopReachingTheDatabaseWhileItsKnownKeysKeepWorking() {
    try (TestServer server = server(HttpLimits.unlimited().withAuthFailuresPerMinute(5))) {
      TestServer.Tenant tenant = server.tenant("Sprayed", Instant.parse("2026-01-01T00:00:00Z"));
      String known = tenant.billingKey();
      String operator = server.operatorKey();
      String neverUsed = tenant.billingKey();
      assertThat(server.get("/api/v1/invoices", known).statusCode()).isEqualTo(200);
      assertThat(server.post("/operator/v1/usage-events", operator, "{\"events\":[]}").statusCode())
          .isEqualTo(200);
      for (int i = 0; i < 5; i++) {
        assertThat(server.get("/api/v1/invoices", ApiKeySecret.mint().token()).statusCode())
            .isEqualTo(401);
      }
      long statements = server.tally().tx().statementsPrepared();
      int refused = 0;
      for (int i = 0; i < 100; i++) {
        HttpResponse<String> response =
            i % 2 == 0
                ? server.get("/api/v1/invoices", ApiKeySecret.mint().token())
                : server.post(
                    "/operator/v1/usage-events",
                    ApiKeySecret.mint(ApiKeySecret.OPERATOR).token(),
                    "{\"events\":[]}");
        if (response.statusCode() == 429) {
          refused++;
          assertTooMany(response);
          assertThat(response.body())
              .contains("too many failed authentications with unknown key ids from this address");
        }
      }
      // One failure refills every 12 s: on a slow machine one more made-up key id may be looked up.
      assertThat(refused).isGreaterThanOrEqualTo(99);
      assertThat(server.tally().tx().statementsPrepared() - statements).isLessThanOrEqualTo(1);
      assertThat(limited).contains(RateLimitListener.Limit.AUTH_FAILURES);

      // The address's keys this server has seen keep working; a key id it has not seen waits
      // like a made-up one; requests without a key are counted apart and are not refused.
      assertThat(server.get("/api/v1/invoices", known).statusCode()).isEqualTo(200);
      assertThat(server.post("/operator/v1/usage-events", operator, "{\"events\":[]}").statusCode())
          .isEqualTo(200);
      assertTooMany(server.get("/api/v1/invoices", neverUsed));
      assertThat(server.get("/api/v1/invoices", null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void anUnknownKeyIdCostsOneLookupPerStalenessBoundAndAKeyMadeAfterTheMissWorksWithinIt() {
    try (TestServer server = server(HttpLimits.unlimited())) {
      TestServer.Tenant tenant = server.tenant("Late", Instant.parse("2026-01-01T00:00:00Z"));
      ApiKeySecret.Minted key = ApiKeySecret.mint();
      ApiKeySecret.Minted operator = ApiKeySecret.mint(ApiKeySecret.OPERATOR);
      String events = "{\"events\":[]}";
      assertThat(server.get("/api/v1/invoices", key.token()).statusCode()).isEqualTo(401);
      assertThat(server.post("/operator/v1/usage-events", operator.token(), events).statusCode())
          .isEqualTo(401);
      long statements = server.tally().tx().statementsPrepared();
      for (int i = 0; i < 20; i++) {
        assertThat(server.get("/api/v1/invoices", key.token()).statusCode()).isEqualTo(401);
        assertThat(server.post("/operator/v1/usage-events", operator.token(), events).statusCode())
            .isEqualTo(401);
      }
      assertThat(server.tally().tx().statementsPrepared()).isEqualTo(statements);

      // Both keys come to exist after the miss (an existing key's row takes their id and hash).
      String existing = tenant.billingKey().split("_")[1];
      server.executeBehindTheBack(
          "UPDATE api_keys SET id = ?, secret_sha256 = ? WHERE id = ?",
          key.keyId(),
          ApiKeySecret.sha256(key.token()),
          existing);
      String existingOperator = server.operatorKey().split("_")[1];
      server.executeBehindTheBack(
          "UPDATE operator_keys SET id = ?, secret_sha256 = ? WHERE id = ?",
          operator.keyId(),
          ApiKeySecret.sha256(operator.token()),
          existingOperator);
      server.clock().advance(CredentialCache.DEFAULT_STALENESS);
      assertThat(server.get("/api/v1/invoices", key.token()).statusCode()).isEqualTo(200);
      assertThat(server.post("/operator/v1/usage-events", operator.token(), events).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void offMeansOff() {
    try (TestServer server = server(HttpLimits.unlimited())) {
      String key = server.tenant("Unlimited", Instant.parse("2026-01-01T00:00:00Z")).billingKey();
      for (int i = 0; i < 100; i++) {
        assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
        assertThat(server.get("/api/v1/invoices", "wrong").statusCode()).isEqualTo(401);
      }
      assertThat(limited).isEmpty();
    }
  }

  @Test
  void headersTrickledPastTheDeadlineAreAnswered408() throws Exception {
    HttpLimits limits =
        HttpLimits.unlimited().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30));
    try (TestServer server = server(limits);
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      long started = System.nanoTime();
      out.write("GET /api/v1/invoices HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // One header byte every 200 ms never lets the connection go idle.
      byte[] slow =
          "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
      InputStream in = socket.getInputStream();
      try {
        for (byte b : slow) {
          out.write(b);
          out.flush();
          Thread.sleep(200);
          if (in.available() > 0) {
            break;
          }
        }
      } catch (java.net.SocketException closed) {
        // the server answered and closed: read what it said
      }
      RawHttp.Answer answer = RawHttp.read(in);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(answer.status()).as(answer.raw()).isEqualTo(408);
      assertThat(answer.header("Content-Type")).isEqualTo("application/json");
      assertThat(answer.body()).contains("\"code\":4").contains("took too long");
      assertThat(millis).isLessThan(8_000);
    }
  }

  @Test
  void aStalledBodyIsAnswered408() throws Exception {
    HttpLimits limits =
        HttpLimits.unlimited().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(1));
    try (TestServer server = server(limits);
        Socket socket = new Socket("127.0.0.1", server.port())) {
      String operator = server.operatorKey();
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /operator/v1/usage-events HTTP/1.1\r\nHost: x\r\n"
                  + "Authorization: Bearer "
                  + operator
                  + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"events\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
      assertThat(answer.timedOut()).isFalse();
      assertThat(answer.status()).as(answer.raw()).isEqualTo(408);
      assertThat(answer.body()).contains("\"code\":4");
    }
  }
}
