package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.auth.CredentialCache;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link HotInvoiceReads} answers a hot read exactly as the router would, and leaves everything it
 * cannot decide without a database to the router, deciding and counting nothing itself. A query
 * string sends a request to the router (the invoice route reads none), which is how these tests get
 * the router's answer to compare with.
 */
class HotInvoiceReadsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Backend EMBEDDED = Backend.all().findFirst().orElseThrow();

  private static TestServer server;
  private static TestServer.Tenant tenant;
  private static TestServer.Tenant other;
  private static String key;
  private static String finalizedPath;
  private static String othersPath;

  @BeforeAll
  static void seed() {
    server = TestServer.on(EMBEDDED);
    tenant = server.tenant("Hot", Instant.parse("2026-01-01T00:00:00Z"), "alpha", "beta");
    other = server.tenant("Other", Instant.parse("2026-01-01T00:00:00Z"), "gamma");
    for (YearMonth m = YearMonth.of(2026, 1);
        m.isBefore(YearMonth.of(2026, 4));
        m = m.plusMonths(1)) {
      finalizedPath = "/api/v1/invoices/" + tenant.invoice(m, InvoiceStatus.FINALIZED).invoiceId();
      othersPath = "/api/v1/invoices/" + other.invoice(m, InvoiceStatus.FINALIZED).invoiceId();
    }
    key = tenant.billingKey();
    // The router's answer keeps the body; from then on the hot read can answer.
    assertThat(get(finalizedPath + "?via=router", key, Map.of()).statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<Map<String, String>> variants() {
    String tag = get(finalizedPath, key, Map.of()).headers().firstValue("ETag").orElseThrow();
    String gzipTag = tag.substring(0, tag.length() - 1) + "-gzip\"";
    return List.of(
        Map.of(),
        Map.of("Accept-Encoding", "gzip"),
        Map.of("Accept-Encoding", "gzip;q=0, identity"),
        Map.of("Accept-Encoding", "br, *;q=0.5"),
        Map.of("If-None-Match", tag),
        Map.of("If-None-Match", "W/" + gzipTag, "Accept-Encoding", "gzip"),
        Map.of("If-None-Match", "\"other\", " + tag),
        Map.of("If-None-Match", "*"),
        Map.of("If-None-Match", "\"other\""),
        Map.of("X-Request-Id", "my-request-7"),
        Map.of("Cc-Version", "2024-09-16"));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void aHotReadAnswersByteForByteWhatTheRouterAnswers(Map<String, String> headers) {
    HttpResponse<byte[]> router = get(finalizedPath + "?via=router", key, headers);
    long before = server.hotReads();
    HttpResponse<byte[]> hot = get(finalizedPath, key, headers);

    assertThat(server.hotReads()).isEqualTo(before + 1);
    assertThat(hot.statusCode()).isEqualTo(router.statusCode());
    assertThat(hot.body()).isEqualTo(router.body());
    assertThat(comparable(hot, headers)).isEqualTo(comparable(router, headers));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void aCachedDraftAndTheListAreAnsweredHotByteForByteAsTheRouterAnswersThem(
      Map<String, String> headers) {
    String draftPath = "/api/v1/invoices/inv_" + tenant.orgId() + "_2026-11";
    // The same list under another key of the list cache: the router's; the default one is hot.
    String listByRouter = "/api/v1/invoices?start_time=2026-01-01T00:00:00Z";
    for (String path : List.of(draftPath, "/api/v1/invoices", listByRouter)) {
      for (int i = 0; i < 2; i++) { // kept, then (a list) compacted
        assertThat(get(path, key, Map.of("Accept-Encoding", "gzip")).statusCode()).isEqualTo(200);
      }
    }
    Map<String, String> routed =
        Map.of(draftPath + "?via=router", draftPath, listByRouter, "/api/v1/invoices");
    for (var pair : routed.entrySet()) {
      HttpResponse<byte[]> router = get(pair.getKey(), key, headers);
      long before = server.hotReads();
      HttpResponse<byte[]> hot = get(pair.getValue(), key, headers);

      assertThat(server.hotReads()).as(pair.getValue()).isEqualTo(before + 1);
      assertThat(hot.statusCode()).as(pair.getValue()).isEqualTo(router.statusCode());
      assertThat(hot.body()).as(pair.getValue()).isEqualTo(router.body());
      assertThat(comparable(hot, headers))
          .as(pair.getValue())
          .isEqualTo(comparable(router, headers));
    }
  }

  @Test
  void aDraftOrListCachedAtAnOlderVersionGoesToTheRouterWithoutASecondLookAtTheVersion() {
    String draftPath = "/api/v1/invoices/inv_" + tenant.orgId() + "_2026-11";
    for (String path : List.of(draftPath, "/api/v1/invoices")) {
      get(path, key, Map.of());
      server.write(
          db -> {
            db.organizations().touch(tenant.orgId());
            return null;
          });
      long hot = server.hotReads();
      long connections = server.tally().tx().connectionsTaken();
      assertThat(get(path, key, Map.of()).statusCode()).isEqualTo(200);
      assertThat(server.hotReads()).as(path).isEqualTo(hot);
      assertThat(server.tally().tx().connectionsTaken() - connections)
          .as("%s: the version, ahead of the router; then the router's transaction", path)
          .isEqualTo(2);
      hot = server.hotReads();
      get(path, key, Map.of());
      assertThat(server.hotReads()).as("%s kept at the new version", path).isEqualTo(hot + 1);
    }
  }

  @Test
  void whatNeedsTheDatabaseOrARefusalGoesToTheRouterAndIsAnsweredThere() {
    String noRole =
        tenant.key(
            new RoleGrant(Role.CLUSTER_DEVELOPER, ResourceType.ORGANIZATION, tenant.orgId()));
    get("/api/v1/invoices", noRole, Map.of());
    assertThat(get(othersPath + "?via=router", other.billingKey(), Map.of()).statusCode())
        .isEqualTo(200);
    long before = server.hotReads();

    assertThat(head(finalizedPath).statusCode()).isEqualTo(200);
    assertThat(get(finalizedPath, noRole, Map.of()).statusCode()).isEqualTo(403);
    assertThat(get(othersPath, key, Map.of()).statusCode()).isEqualTo(404);
    assertThat(
            get("/api/v1/invoices/inv_" + tenant.orgId() + "_2026-11", key, Map.of()).statusCode())
        .isEqualTo(200);
    assertThat(get(finalizedPath, key, Map.of("Cc-Version", "2020-01-01")).statusCode())
        .isEqualTo(400);
    assertThat(get(finalizedPath, "TALLY1_not_a_key", Map.of()).statusCode()).isEqualTo(401);
    assertThat(get(finalizedPath.toUpperCase(), key, Map.of()).statusCode()).isEqualTo(404);
    assertThat(server.hotReads()).isEqualTo(before);
  }

  @Test
  void aRevokedKeyStopsWorkingOnHotReadsWithinTheKeyCachesStalenessBound() {
    String revoked = tenant.billingKey();
    assertThat(get(finalizedPath, revoked, Map.of()).statusCode()).isEqualTo(200);
    String keyId = revoked.split("_")[1];
    Instant start = server.clock().instant();
    try {
      server.write(db -> db.apiKeys().revoke(keyId, server.clock().instant()));
      server.clock().advance(CredentialCache.DEFAULT_STALENESS.minusMillis(1));
      long before = server.hotReads();
      assertThat(get(finalizedPath, revoked, Map.of()).statusCode()).isEqualTo(200);
      assertThat(server.hotReads()).isEqualTo(before + 1);
      server.clock().advance(Duration.ofMillis(1));
      assertThat(get(finalizedPath, revoked, Map.of()).statusCode()).isEqualTo(401);
      assertThat(server.hotReads()).isEqualTo(before + 1);
    } finally {
      server.clock().set(start);
    }
  }

  @Test
  void aRateSpentOnHotReadsIsRefusedByTheRouterAndCountedOnce() {
    List<RateLimitListener.Limit> limited = new CopyOnWriteArrayList<>();
    try (TestServer limitedServer =
        TestServer.on(EMBEDDED, HttpLimits.unlimited().withRequests(1, 2), limited::add)) {
      TestServer.Tenant t =
          limitedServer.tenant("Limited", Instant.parse("2026-01-01T00:00:00Z"), "alpha");
      String path =
          "/api/v1/invoices/"
              + t.invoice(YearMonth.of(2026, 1), InvoiceStatus.FINALIZED).invoiceId();
      String k = t.billingKey();
      assertThat(limitedServer.get(path, k).statusCode()).isEqualTo(200);
      assertThat(limitedServer.get(path, k).statusCode()).isEqualTo(200);
      assertThat(limitedServer.hotReads()).isEqualTo(1);
      HttpResponse<String> refused = limitedServer.get(path, k);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(limited).containsExactly(RateLimitListener.Limit.API_KEY);
      assertThat(limitedServer.hotReads()).isEqualTo(1);
    }
  }

  @Test
  void aSpentRateCostsAHotReadNoStatement() {
    try (TestServer limitedServer =
        TestServer.on(EMBEDDED, HttpLimits.unlimited().withRequests(1, 2))) {
      TestServer.Tenant t =
          limitedServer.tenant("Limited draft", Instant.parse("2026-01-01T00:00:00Z"), "alpha");
      String draft = "/api/v1/invoices/inv_" + t.orgId() + "_2026-11";
      String k = t.billingKey();
      assertThat(limitedServer.get(draft, k).statusCode()).isEqualTo(200); // kept
      assertThat(limitedServer.get(draft, k).statusCode()).isEqualTo(200); // hot
      assertThat(limitedServer.hotReads()).isEqualTo(1);
      long before = limitedServer.tally().tx().statementsPrepared();
      for (int i = 0; i < 5; i++) {
        assertThat(limitedServer.get(draft, k).statusCode()).isEqualTo(429);
      }
      assertThat(limitedServer.tally().tx().statementsPrepared()).isEqualTo(before);
    }
  }

  @Test
  void aRequestWhoseRateAHotReadTookIsNotTakenFromItAgainByTheRouter() {
    List<RateLimitListener.Limit> limited = new CopyOnWriteArrayList<>();
    try (TestServer limitedServer =
        TestServer.on(EMBEDDED, HttpLimits.unlimited().withRequests(1, 2), limited::add)) {
      TestServer.Tenant t =
          limitedServer.tenant("Limited stale", Instant.parse("2026-01-01T00:00:00Z"), "alpha");
      String draft = "/api/v1/invoices/inv_" + t.orgId() + "_2026-11";
      String k = t.billingKey();
      assertThat(limitedServer.get(draft, k).statusCode()).isEqualTo(200); // kept: 1 of 2
      limitedServer.write(
          db -> {
            db.organizations().touch(t.orgId());
            return null;
          });
      // Hot: takes the second, finds the draft older, and leaves the request to the router.
      assertThat(limitedServer.get(draft, k).statusCode()).isEqualTo(200);
      assertThat(limitedServer.hotReads()).isZero();
      assertThat(limited).isEmpty();
      assertThat(limitedServer.get(draft, k).statusCode()).isEqualTo(429);
      assertThat(limited).containsExactly(RateLimitListener.Limit.API_KEY);
    }
  }

  @Test
  void severalIfNoneMatchOrAcceptEncodingLinesAreOneListOnBothWays() {
    String tag = get(finalizedPath, key, Map.of()).headers().firstValue("ETag").orElseThrow();
    for (String path : List.of(finalizedPath, finalizedPath + "?via=router")) {
      HttpRequest.Builder revalidate =
          HttpRequest.newBuilder(server.uri(path))
              .header("Authorization", "Bearer " + key)
              .header("If-None-Match", "\"zzz\"")
              .header("If-None-Match", tag);
      HttpRequest.Builder gzip =
          HttpRequest.newBuilder(server.uri(path))
              .header("Authorization", "Bearer " + key)
              .header("Accept-Encoding", "identity;q=0.5")
              .header("Accept-Encoding", "gzip");
      try {
        assertThat(
                HTTP.send(revalidate.build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode())
            .as(path)
            .isEqualTo(304);
        assertThat(
                HTTP.send(gzip.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .headers()
                    .firstValue("Content-Encoding"))
            .as(path)
            .contains("gzip");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The headers a client can compare: all but the date and, unless the client chose it, the id. */
  private static Map<String, List<String>> comparable(
      HttpResponse<byte[]> response, Map<String, String> sent) {
    Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
    headers.remove("date");
    if (!sent.containsKey("X-Request-Id")) {
      assertThat(headers.remove("x-request-id")).hasSize(1);
    }
    return headers;
  }

  private static HttpResponse<byte[]> get(String path, String token, Map<String, String> headers) {
    return send("GET", path, token, headers);
  }

  private static HttpResponse<byte[]> head(String path) {
    return send("HEAD", path, key, Map.of());
  }

  private static HttpResponse<byte[]> send(
      String method, String path, String token, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + token);
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
