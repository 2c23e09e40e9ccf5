package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invoice and list carries a strong {@code ETag} that changes when, and only when, its body
 * changes; {@code If-None-Match} with the current tag is answered {@code 304} without a body.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class EntityTagTest {

  @Parameter Backend backend;

  private static TestServer server;
  private static TestServer.Tenant tenant;
  private static String key;
  private static String finalizedPath;
  private static String draftPath;

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    server = TestServer.on(backend);
    tenant = server.tenant("Tags", Instant.parse("2026-01-01T00:00:00Z"), "alpha", "beta");
    for (YearMonth m = YearMonth.of(2026, 1);
        m.isBefore(YearMonth.of(2026, 11));
        m = m.plusMonths(1)) {
      finalizedPath = "/api/v1/invoices/" + tenant.invoice(m, InvoiceStatus.FINALIZED).invoiceId();
    }
    draftPath = "/api/v1/invoices/inv_" + tenant.orgId() + "_2026-11";
    key = tenant.billingKey();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> get(String path, Map<String, String> headers) {
    return call("GET", path, headers);
  }

  private static HttpResponse<byte[]> call(
      String method, String path, Map<String, String> headers) {
    return server.exchange(method, path, key, headers);
  }

  private static String tag(String path) {
    HttpResponse<byte[]> response = get(path, Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("ETag").orElseThrow();
  }

  private static void ingest(String eventId) {
    String body =
        "{\"events\":[{\"event_id\":\""
            + eventId
            + "\",\"organization_id\":\""
            + tenant.orgId()
            + "\",\"cluster_id\":\""
            + tenant.clusters().get(0).id()
            + "\",\"sku\":\"standard.compute\",\"quantity\":3,"
            + "\"timestamp\":\"2026-11-02T00:00:00Z\"}]}";
    assertThat(server.post("/operator/v1/usage-events", server.operatorKey(), body).statusCode())
        .isEqualTo(200);
  }

  @Test
  void everyInvoiceAndListCarriesAStrongTagThatRepeatsForTheSameBody() {
    for (String path : new String[] {finalizedPath, draftPath, "/api/v1/invoices"}) {
      String first = tag(path);
      assertThat(first).as(path).matches("\"[A-Za-z0-9_-]{22}\"");
      assertThat(tag(path)).as(path).isEqualTo(first);
    }
    assertThat(tag(finalizedPath)).isNotEqualTo(tag(draftPath));
  }

  @Test
  void theCurrentTagIsAnswered304WithoutABodyAndAnOldOneInFull() {
    String etag = tag(finalizedPath);
    for (String ifNoneMatch : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
      HttpResponse<byte[]> response = get(finalizedPath, Map.of("If-None-Match", ifNoneMatch));
      assertThat(response.statusCode()).as(ifNoneMatch).isEqualTo(304);
      assertThat(response.body()).isEmpty();
      assertThat(response.headers().firstValue("ETag")).contains(etag);
      // RFC 9110 section 15.4.5: a 304 has no content, so it describes none. Not even its length,
      // which RFC 9110 would allow: wrk, and every client on the classic http_parser, would wait
      // for that many bytes.
      assertThat(response.headers().firstValue("Content-Type")).isEmpty();
      assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    }
    HttpResponse<byte[]> stale = get(finalizedPath, Map.of("If-None-Match", "\"stale\""));
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isNotEmpty();
  }

  @Test
  void aCompressedAnswerHasATagOfItsOwnAndEitherTagRevalidates() {
    for (String path : new String[] {finalizedPath, draftPath, "/api/v1/invoices"}) {
      Map<String, String> gzip = Map.of("Accept-Encoding", "gzip");
      HttpResponse<byte[]> compressed = get(path, gzip);
      String gzipTag = compressed.headers().firstValue("ETag").orElseThrow();
      String identityTag = tag(path);
      byte[] identity = tagged(path).body();
      if (identity.length < ContentCoding.MIN_GZIP_BYTES) {
        assertThat(compressed.headers().firstValue("Content-Encoding")).as(path).isEmpty();
        assertThat(gzipTag).as(path).isEqualTo(identityTag);
        assertThat(compressed.body()).as(path).isEqualTo(identity);
        continue;
      }
      assertThat(compressed.headers().firstValue("Content-Encoding")).as(path).contains("gzip");
      assertThat(compressed.headers().firstValue("Content-Length"))
          .as(path)
          .contains(String.valueOf(compressed.body().length));
      // A list read again is compressed as one member, under a tag of its own (ListBodiesTest).
      assertThat(gzipTag)
          .as(path)
          .isIn(
              identityTag.replaceFirst("\"$", "-gzip\""),
              path.equals("/api/v1/invoices")
                  ? identityTag.replaceFirst("\"$", "-gzip-whole\"")
                  : "(a single invoice has one gzip coding)");
      assertThat(inflate(compressed.body())).as(path).isEqualTo(identity);

      for (String known : new String[] {gzipTag, identityTag}) {
        assertThat(
                get(path, Map.of("Accept-Encoding", "gzip", "If-None-Match", known)).statusCode())
            .as("%s gzip, If-None-Match %s", path, known)
            .isEqualTo(304);
        assertThat(get(path, Map.of("If-None-Match", known)).statusCode())
            .as("%s identity, If-None-Match %s", path, known)
            .isEqualTo(304);
      }
    }
  }

  @Test
  void aListsBytesAreTheWireModelsSerializationOfIt() throws Exception {
    for (int pass = 0; pass < 2; pass++) { // first with nothing cached, then from the cache
      byte[] served = tagged("/api/v1/invoices").body();
      var mapper = dev.tally.model.WireJson.mapper();
      byte[] reserialized =
          mapper.writeValueAsBytes(
              mapper.readValue(served, dev.tally.model.ListInvoicesResponse.class));
      assertThat(new String(served, java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(new String(reserialized, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static HttpResponse<byte[]> tagged(String path) {
    HttpResponse<byte[]> response = get(path, Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }

  private static byte[] inflate(byte[] gzip) {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void headStatesTheLengthItsGetSendsInEitherCoding() {
    for (String path : new String[] {finalizedPath, draftPath, "/api/v1/invoices"}) {
      for (Map<String, String> coding :
          java.util.List.of(Map.of("Accept-Encoding", "gzip"), Map.<String, String>of())) {
        HttpResponse<byte[]> got = get(path, coding);
        HttpResponse<byte[]> head = call("HEAD", path, coding);
        assertThat(head.statusCode()).as("%s %s", path, coding).isEqualTo(200);
        assertThat(head.body()).as("%s %s", path, coding).isEmpty();
        assertThat(head.headers().firstValue("Content-Length"))
            .as("%s %s", path, coding)
            .contains(String.valueOf(got.body().length));
        assertThat(head.headers().firstValue("Content-Encoding"))
            .as("%s %s", path, coding)
            .isEqualTo(got.headers().firstValue("Content-Encoding"));
        assertThat(head.headers().firstValue("ETag"))
            .as("%s %s", path, coding)
            .isEqualTo(got.headers().firstValue("ETag"));
      }
    }
  }

  @Test
  void headIsConditionalToo() {
    String etag = tag(finalizedPath);
    assertThat(call("HEAD", finalizedPath, Map.of("If-None-Match", etag)).statusCode())
        .isEqualTo(304);
  }

  @Test
  void aDraftsTagChangesTheMomentUsageIsAcceptedAndTheFinalizedOnesDoNot() {
    String draft = tag(draftPath);
    String list = tag("/api/v1/invoices");
    String finalized = tag(finalizedPath);
    ingest("etag-" + backend);
    assertThat(tag(draftPath)).isNotEqualTo(draft);
    assertThat(tag("/api/v1/invoices")).isNotEqualTo(list);
    assertThat(tag(finalizedPath)).isEqualTo(finalized);
    HttpResponse<byte[]> revalidated = get(draftPath, Map.of("If-None-Match", draft));
    assertThat(revalidated.statusCode()).isEqualTo(200);
  }

  @Test
  void aCachedDraftIsNeverServedAfterAnAdjustmentACreditAClusterChangeOrAPriceBook() {
    ingest("cache-" + backend);
    String operator = server.operatorKey();
    String org = "/operator/v1/organizations/" + tenant.orgId();
    Map<String, Runnable> changes = new java.util.LinkedHashMap<>();
    changes.put(
        "an adjustment",
        () ->
            assertThat(
                    server
                        .post(
                            org + "/adjustments",
                            operator,
                            "{\"period\":\"2026-11\",\"amount\":\"-1.00\",\"name\":\"Goodwill\"}")
                        .statusCode())
                .isEqualTo(201));
    changes.put(
        "a credit grant",
        () ->
            assertThat(
                    server
                        .post(
                            org + "/credit-grants",
                            operator,
                            "{\"amount\":\"0.10\",\"starts_at\":\"2026-11-01T00:00:00Z\","
                                + "\"expires_at\":\"2027-11-01T00:00:00Z\"}")
                        .statusCode())
                .isEqualTo(201));
    changes.put(
        "a renamed cluster",
        () ->
            server.write(
                db ->
                    db.clusters()
                        .rename(
                            tenant.orgId(), tenant.clusters().get(0).id(), "renamed-" + backend)));
    changes.put(
        "a price book", () -> assertThat(server.loadPriceBookWithComputeAt("0.25")).isEqualTo(200));
    for (var change : changes.entrySet()) {
      String draft = tag(draftPath);
      String list = tag("/api/v1/invoices");
      assertThat(tag(draftPath)).as("read again, unchanged").isEqualTo(draft);

      change.getValue().run();

      assertThat(tag(draftPath)).as("the draft after %s", change.getKey()).isNotEqualTo(draft);
      assertThat(tag("/api/v1/invoices"))
          .as("the list after %s", change.getKey())
          .isNotEqualTo(list);
    }
  }

  @Test
  void aDraftReadAgainAtTheSameVersionIsNotRatedAgain() {
    tag(draftPath);
    long before = server.tally().tx().statementsPrepared();
    tag(draftPath);
    assertThat(server.tally().tx().statementsPrepared() - before)
        .as("the organization's revision")
        .isEqualTo(1);
  }

  @Test
  void aCachedDraftTakesOnePooledConnectionAndARatedOneASecondOnlyAfterTheFirst() {
    ingest("one-connection-" + backend); // a new revision: the next read rates the draft
    tag(finalizedPath); // cached from here on, as is the key for the next seconds
    tag(finalizedPath); // the key looked up again if its few seconds in the cache ran out
    long before = server.tally().tx().connectionsTaken();
    tag(draftPath);
    assertThat(server.tally().tx().connectionsTaken() - before)
        .as(
            "the version alone, then the transaction that rates (a second transaction inside the"
                + " first would be refused, see TransactorTest)")
        .isEqualTo(2);
    tag(finalizedPath);
    before = server.tally().tx().connectionsTaken();
    tag(draftPath);
    assertThat(server.tally().tx().connectionsTaken() - before).as("cached").isEqualTo(1);
  }

  @Test
  void aCachedFinalizedInvoiceIsStillOnlyItsOwnOrganizations() {
    tag(finalizedPath); // now cached
    TestServer.Tenant other =
        server.tenant("Other", Instant.parse("2026-01-01T00:00:00Z"), "gamma");
    HttpResponse<String> response = server.get(finalizedPath, other.billingKey());
    assertThat(response.statusCode()).isEqualTo(404);
  }
}
