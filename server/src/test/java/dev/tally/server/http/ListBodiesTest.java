package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.invoices.InvoiceImport;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.SampleInvoices;
import dev.tally.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A list read again at the same version is answered from {@link ListBodies}: for two small
 * statements, compressed as one gzip member from its second read, and never after anything that
 * changes it (a close, an import, usage), nor with another window's or organization's list.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class ListBodiesTest {

  @Parameter Backend backend;

  private static final String LIST = "/api/v1/invoices";
  private static final Map<String, String> GZIP = Map.of("Accept-Encoding", "gzip");

  private static TestServer server;
  private static TestServer.Tenant tenant;
  private static String key;
  private static int events;

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    server = TestServer.on(backend);
    tenant = server.tenant("Lists", Instant.parse("2026-01-01T00:00:00Z"), "alpha", "beta");
    for (YearMonth m = YearMonth.of(2026, 1);
        m.isBefore(YearMonth.of(2026, 9));
        m = m.plusMonths(1)) {
      tenant.invoice(m, InvoiceStatus.FINALIZED);
    }
    key = tenant.billingKey();
    ingest(tenant, "2026-09-03T00:00:00Z");
    ingest(tenant, "2026-10-03T00:00:00Z");
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  @Test
  void aListReadAgainAtTheSameVersionCostsOnlyTheVersionsOneStatement() {
    String first = body(get(LIST, Map.of()));
    long statements = server.tally().tx().statementsPrepared();
    long connections = server.tally().tx().connectionsTaken();
    String again = body(get(LIST, Map.of()));
    assertThat(server.tally().tx().statementsPrepared() - statements)
        .as("the organization with its revision")
        .isEqualTo(1);
    assertThat(server.tally().tx().connectionsTaken() - connections).isEqualTo(1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void aListReadAgainIsGzippedAsOneMemberUnderATagOfItsOwnAndEveryTagRevalidates() {
    ingest(tenant, "2026-11-02T00:00:00Z"); // a new version: nothing of it is cached
    HttpResponse<byte[]> identity = get(LIST, Map.of());
    String identityTag = identity.headers().firstValue("ETag").orElseThrow();
    String opaque = identityTag.substring(0, identityTag.length() - 1);

    HttpResponse<byte[]> joined = get(LIST, GZIP); // the first read found: compacted now
    HttpResponse<byte[]> whole = get(LIST, GZIP);
    assertThat(joined.headers().firstValue("ETag")).contains(opaque + "-gzip-whole\"");
    assertThat(whole.headers().firstValue("ETag")).contains(opaque + "-gzip-whole\"");
    assertThat(whole.body()).isEqualTo(joined.body());
    assertThat(inflate(whole.body())).isEqualTo(identity.body());
    assertThat(whole.headers().firstValue("Content-Length"))
        .contains(String.valueOf(whole.body().length));
    assertThat(call("HEAD", LIST, GZIP).headers().firstValue("Content-Length"))
        .contains(String.valueOf(whole.body().length));

    // Read at a new version, its gzip is first the invoices' segments joined, then one member.
    ingest(tenant, "2026-11-03T00:00:00Z");
    HttpResponse<byte[]> segments = get(LIST, GZIP);
    HttpResponse<byte[]> member = get(LIST, GZIP);
    String tag = segments.headers().firstValue("ETag").orElseThrow();
    String base = tag.substring(0, tag.length() - "-gzip\"".length());
    assertThat(tag).endsWith("-gzip\"");
    assertThat(member.headers().firstValue("ETag")).contains(base + "-gzip-whole\"");
    assertThat(inflate(member.body())).isEqualTo(inflate(segments.body()));
    assertThat(member.body().length).isLessThan(segments.body().length);

    for (String known : List.of(base + "\"", tag, base + "-gzip-whole\"", "W/" + tag)) {
      for (Map<String, String> coding : List.of(GZIP, Map.<String, String>of())) {
        Map<String, String> headers = new LinkedHashMap<>(coding);
        headers.put("If-None-Match", known);
        HttpResponse<byte[]> revalidated = get(LIST, headers);
        assertThat(revalidated.statusCode()).as("%s %s", known, coding).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
      }
    }
    Map<String, String> otherTag = Map.of("If-None-Match", base + "-gzip-other\"");
    assertThat(get(LIST, otherTag).statusCode()).isEqualTo(200);
  }

  @Test
  void aCachedListIsNeverServedAfterACloseOrAnImport() {
    String window = LIST + "?start_time=2025-01-01T00:00:00Z";
    Map<String, Runnable> changes = new LinkedHashMap<>();
    changes.put(
        "a close",
        () ->
            assertThat(
                    server
                        .tally()
                        .periodClose()
                        .closeAll(new BillingPeriod(YearMonth.of(2026, 9)))
                        .closed())
                .isEqualTo(1));
    changes.put(
        "an import",
        () ->
            server.write(
                db ->
                    InvoiceImport.store(
                        db,
                        tenant.orgId(),
                        SampleInvoices.forMonth(
                            tenant.orgId() + "-history",
                            YearMonth.of(2025, 12),
                            InvoiceStatus.FINALIZED,
                            tenant.clusters(),
                            7))));
    for (var change : changes.entrySet()) {
      String before = body(get(window, Map.of()));
      assertThat(body(get(window, Map.of()))).as("read again, unchanged").isEqualTo(before);

      change.getValue().run();

      String after = body(get(window, Map.of()));
      assertThat(after).as("the list after %s", change.getKey()).isNotEqualTo(before);
      assertThat(body(get(window, Map.of()))).isEqualTo(after);
    }
    assertThat(body(get(window, Map.of())))
        .contains("\"inv_" + tenant.orgId() + "_2026-09\"")
        .contains(tenant.orgId() + "-history");
  }

  @Test
  void eachWindowAndStatusIsAListOfItsOwn() {
    List<String> paths =
        List.of(
            LIST,
            LIST + "?status=FINALIZED",
            LIST + "?status=DRAFT",
            LIST + "?start_time=2026-03-01T00:00:00Z",
            LIST + "?end_time=2026-06-01T00:00:00Z",
            LIST + "?start_time=2026-03-01T00:00:00Z&end_time=2026-06-01T00:00:00Z");
    Map<String, String> first = new LinkedHashMap<>();
    for (String path : paths) {
      first.put(path, body(get(path, Map.of())));
    }
    assertThat(first.values()).doesNotHaveDuplicates();
    for (int pass = 0; pass < 2; pass++) {
      for (String path : paths.reversed()) {
        assertThat(body(get(path, Map.of()))).as(path).isEqualTo(first.get(path));
      }
    }
  }

  @Test
  void anotherOrganizationsListIsNeverServed() {
    TestServer.Tenant other =
        server.tenant("Lists elsewhere", Instant.parse("2026-01-01T00:00:00Z"), "gamma");
    other.invoice(YearMonth.of(2026, 1), InvoiceStatus.FINALIZED);
    String theirKey = other.billingKey();
    String mine = body(get(LIST, Map.of()));
    for (int pass = 0; pass < 2; pass++) {
      String theirs = server.get(LIST, theirKey).body();
      assertThat(theirs).contains(other.orgId()).doesNotContain(tenant.orgId());
      assertThat(body(get(LIST, Map.of()))).isEqualTo(mine);
    }
  }

  private static void ingest(TestServer.Tenant who, String timestamp) {
    who.ingest(who.clusters().get(0).id(), "list-" + (++events), timestamp, 3);
  }

  private static HttpResponse<byte[]> get(String path, Map<String, String> headers) {
    return call("GET", path, headers);
  }

  private static HttpResponse<byte[]> call(
      String method, String path, Map<String, String> headers) {
    return server.exchange(method, path, key, headers);
  }

  private static String body(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static byte[] inflate(byte[] gzip) {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
