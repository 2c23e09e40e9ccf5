package dev.tally.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.Request;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.InvoiceIds;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.WireJson;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Usage in over HTTP: every event accepted, a duplicate, or rejected with its reason; drafts follow
 * at once.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class UsageIngestionTest {

  private static final ObjectMapper JSON = WireJson.mapper();
  @Parameter Backend backend;
  private static TestServer server;
  private static String operator;

  @BeforeParameterizedClassInvocation
  static void start(Backend backend) {
    server = TestServer.on(backend);
    operator = server.operatorKey();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  static Map<String, Object> event(
      String id, TestServer.Tenant t, int cluster, String sku, Object quantity, String at) {
    Map<String, Object> e = new java.util.LinkedHashMap<>();
    e.put("event_id", id);
    e.put("organization_id", t.orgId());
    e.put("cluster_id", t.clusters().get(cluster).id());
    e.put("sku", sku);
    e.put("quantity", quantity);
    e.put("timestamp", at);
    return e;
  }

  private static JsonNode ingest(List<?> events) throws Exception {
    HttpResponse<String> response =
        server.post(
            "/operator/v1/usage-events",
            operator,
            JSON.writeValueAsString(Map.of("events", events)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    ContractValidator.assertConforms(Request.Method.POST, "/operator/v1/usage-events", response);
    return JSON.readTree(response.body());
  }

  private static Invoice draft(TestServer.Tenant t, String key) throws Exception {
    String id = InvoiceIds.monthly(t.orgId(), BillingPeriod.containing(server.clock().instant()));
    HttpResponse<String> response = server.get("/api/v1/invoices/" + id, key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    ContractValidator.assertConforms("/api/v1/invoices/{invoice_id}", response);
    return JSON.readValue(response.body(), Invoice.class);
  }

  @Test
  void acceptedUsageShowsOnTheDraftAtOnceAndAReplayChangesNothing() throws Exception {
    TestServer.Tenant t =
        server.tenant("Ingest", Instant.parse("2026-01-01T00:00:00Z"), "web", "db");
    String key = t.billingKey();
    List<Object> batch =
        List.of(
            event(t.orgId() + "-1", t, 0, "standard.compute", 10, "2026-11-02T10:00:00Z"),
            event(t.orgId() + "-2", t, 0, "standard.compute", "2.5", "2026-11-03T10:00:00Z"),
            event(
                t.orgId() + "-3",
                t,
                1,
                "standard.storage",
                new BigDecimal("1000.000001"),
                "2026-11-04T00:00:00Z"));
    JsonNode first = ingest(batch);
    assertThat(first.get("accepted").asInt()).isEqualTo(3);
    assertThat(first.get("duplicates").asInt()).isZero();
    assertThat(first.get("rejected")).isEmpty();

    Invoice draft = draft(t, key);
    assertThat(draft.status().raw()).isEqualTo("DRAFT");
    assertThat(draft.invoiceItems())
        .extracting(i -> i.cluster().name())
        .containsExactly("db", "web");
    assertThat(draft.invoiceItems().get(1).lineItems())
        .singleElement()
        .satisfies(line -> assertThat(line.quantity()).isEqualByComparingTo("12.5"));
    assertThat(draft.invoiceItems().get(0).lineItems().get(0).quantity())
        .isEqualByComparingTo("1000.000001");

    JsonNode replay = ingest(batch);
    assertThat(replay.get("accepted").asInt()).isZero();
    assertThat(replay.get("duplicates").asInt()).isEqualTo(3);
    assertThat(draft(t, key)).isEqualTo(draft);

    JsonNode partial =
        ingest(
            List.of(
                batch.get(1),
                event(t.orgId() + "-4", t, 0, "standard.compute", 1, "2026-11-05T00:00:00Z")));
    assertThat(partial.get("accepted").asInt()).isEqualTo(1);
    assertThat(partial.get("duplicates").asInt()).isEqualTo(1);
    assertThat(draft(t, key).invoiceItems().get(1).lineItems().get(0).quantity())
        .isEqualByComparingTo("13.5");
  }

  @Test
  void aDuplicateInsideOneBatchCountsOnce() throws Exception {
    TestServer.Tenant t = server.tenant("Twice", Instant.parse("2026-01-01T00:00:00Z"), "only");
    var e = event(t.orgId() + "-same", t, 0, "standard.compute", 4, "2026-11-02T10:00:00Z");
    JsonNode result = ingest(List.of(e, e));
    assertThat(result.get("accepted").asInt()).isEqualTo(1);
    assertThat(result.get("duplicates").asInt()).isEqualTo(1);
    assertThat(draft(t, t.billingKey()).invoiceItems().get(0).lineItems().get(0).quantity())
        .isEqualByComparingTo("4");
  }

  @Test
  void concurrentBatchesSharingEventIdsCountEachEventOnceAndOneContentWins() throws Exception {
    TestServer.Tenant t =
        server.tenant("Racing", Instant.parse("2026-01-01T00:00:00Z"), "shared", "contested");
    int senders = 6;
    int shared = 300;
    int own = 100;
    // Every sender sends the same shared events, events of its own, and one event id that every
    // sender fills with content of its own; in two batches each, all senders at once.
    List<List<Object>> batches = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      List<Object> events = new ArrayList<>();
      for (int i = 0; i < shared; i++) {
        events.add(
            event(t.orgId() + "-s" + i, t, 0, "standard.compute", 1, "2026-11-02T10:00:00Z"));
      }
      for (int i = 0; i < own; i++) {
        events.add(
            event(
                t.orgId() + "-o" + s + "-" + i,
                t,
                0,
                "standard.compute",
                "0.5",
                "2026-11-03T10:00:00Z"));
      }
      events.add(
          event(t.orgId() + "-contested", t, 1, "standard.storage", s + 1, "2026-11-04T10:00:00Z"));
      java.util.Collections.shuffle(events, new java.util.Random(s));
      batches.add(events.subList(0, events.size() / 2));
      batches.add(events.subList(events.size() / 2, events.size()));
    }
    List<JsonNode> answers = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(batches.size())) {
      List<java.util.concurrent.Future<JsonNode>> sent = new ArrayList<>();
      for (List<Object> batch : batches) {
        sent.add(pool.submit(() -> ingest(batch)));
      }
      for (var answer : sent) {
        answers.add(answer.get());
      }
    }

    long accepted = 0;
    List<JsonNode> conflicts = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      JsonNode a = answers.get(i);
      assertThat(a.get("accepted").asInt() + a.get("duplicates").asInt() + a.get("rejected").size())
          .isEqualTo(batches.get(i).size());
      accepted += a.get("accepted").asInt();
      a.get("rejected").forEach(conflicts::add);
    }
    assertThat(accepted).isEqualTo(shared + senders * own + 1);
    assertThat(conflicts)
        .hasSize(senders - 1)
        .allSatisfy(
            r -> {
              assertThat(r.get("code").asText()).isEqualTo("ALREADY_EXISTS");
              assertThat(r.get("event_id").asText()).isEqualTo(t.orgId() + "-contested");
            });
    Invoice draft = draft(t, t.billingKey());
    assertThat(draft.invoiceItems()).hasSize(2);
    assertThat(draft.invoiceItems().get(1).lineItems().get(0).quantity())
        .isEqualByComparingTo(BigDecimal.valueOf(shared + senders * own / 2));
    // One sender's content won, whole: its quantity, once.
    assertThat(draft.invoiceItems().get(0).lineItems().get(0).quantity().intValueExact())
        .isBetween(1, senders);
    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM usage_events WHERE organization_id = '" + t.orgId() + "'"))
        .isEqualTo(shared + senders * own + 1);
  }

  @Test
  void eachBadEventIsRejectedWithItsIndexAndReasonWhileTheRestAreAccepted() throws Exception {
    TestServer.Tenant t = server.tenant("Rejects", Instant.parse("2026-01-01T00:00:00Z"), "c");
    TestServer.Tenant other = server.tenant("Other", Instant.parse("2026-01-01T00:00:00Z"), "x");
    String p = t.orgId() + "-";
    Map<String, Object> unknownOrg =
        event(p + "o", t, 0, "standard.compute", 1, "2026-11-02T00:00:00Z");
    unknownOrg.put("organization_id", "no-such-org");
    Map<String, Object> foreignCluster =
        event(p + "f", t, 0, "standard.compute", 1, "2026-11-02T00:00:00Z");
    foreignCluster.put("cluster_id", other.clusters().get(0).id());
    Map<String, Object> noQuantity =
        event(p + "q", t, 0, "standard.compute", 1, "2026-11-02T00:00:00Z");
    noQuantity.remove("quantity");
    List<Object> batch =
        new ArrayList<>(
            List.of(
                event(p + "ok", t, 0, "standard.compute", 1, "2026-11-02T00:00:00Z"),
                unknownOrg,
                foreignCluster,
                event(p + "sku", t, 0, "gold.plated", 1, "2026-11-02T00:00:00Z"),
                event(p + "neg", t, 0, "standard.compute", -1, "2026-11-02T00:00:00Z"),
                event(p + "nan", t, 0, "standard.compute", "NaN", "2026-11-02T00:00:00Z"),
                event(p + "abc", t, 0, "standard.compute", "abc", "2026-11-02T00:00:00Z"),
                event(p + "future", t, 0, "standard.compute", 1, "2026-11-15T12:30:00Z"),
                event(p + "when", t, 0, "standard.compute", 1, "yesterday"),
                noQuantity,
                "not an object",
                event("", t, 0, "standard.compute", 1, "2026-11-02T00:00:00Z")));
    JsonNode result = ingest(batch);
    assertThat(result.get("accepted").asInt()).isEqualTo(1);
    Map<Integer, String> reasons = new java.util.TreeMap<>();
    result
        .get("rejected")
        .forEach(
            r ->
                reasons.put(
                    r.get("index").asInt(),
                    r.get("code").asText() + ": " + r.get("reason").asText()));
    assertThat(reasons).containsOnlyKeys(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(reasons.get(1)).contains("NOT_FOUND").contains("unknown organization no-such-org");
    assertThat(reasons.get(2)).contains("NOT_FOUND").contains("unknown cluster");
    assertThat(reasons.get(3)).contains("unknown SKU gold.plated");
    assertThat(reasons.get(4)).contains("INVALID_ARGUMENT").contains("must not be negative");
    assertThat(reasons.get(5)).contains("quantity must be a decimal number");
    assertThat(reasons.get(6)).contains("quantity must be a decimal number");
    assertThat(reasons.get(7)).contains("in the future");
    assertThat(reasons.get(8)).contains("RFC 3339");
    assertThat(reasons.get(9)).contains("quantity is missing");
    assertThat(reasons.get(10)).contains("JSON object");
    assertThat(reasons.get(11)).contains("event_id must not be empty");
  }

  @Test
  void aSmallClockSkewIsTolerated() throws Exception {
    TestServer.Tenant t = server.tenant("Skew", Instant.parse("2026-01-01T00:00:00Z"), "c");
    JsonNode result =
        ingest(
            List.of(
                event(t.orgId() + "-skew", t, 0, "standard.compute", 1, "2026-11-15T12:04:00Z")));
    assertThat(result.get("accepted").asInt()).isEqualTo(1);
  }

  @Test
  void onlyOperatorKeysMayIngest() throws Exception {
    TestServer.Tenant t = server.tenant("Keys", Instant.parse("2026-01-01T00:00:00Z"), "c");
    String body = JSON.writeValueAsString(Map.of("events", List.of()));
    for (String token :
        new String[] {null, t.billingKey(), "TALLYOP1_" + "a".repeat(22) + "_" + "b".repeat(40)}) {
      HttpResponse<String> response = server.post("/operator/v1/usage-events", token, body);
      assertThat(response.statusCode()).isEqualTo(401);
      ContractValidator.assertConforms(Request.Method.POST, "/operator/v1/usage-events", response);
    }
    // And an operator key is no organization key.
    assertThat(server.get("/api/v1/invoices", operator).statusCode()).isEqualTo(401);
  }

  @Test
  void oversizedAndMalformedBatchesAreRejectedWhole() throws Exception {
    List<Object> tooMany = new ArrayList<>();
    for (int i = 0; i <= UsageIngestion.MAX_BATCH; i++) {
      tooMany.add(Map.of("event_id", "e" + i));
    }
    HttpResponse<String> big =
        server.post(
            "/operator/v1/usage-events",
            operator,
            JSON.writeValueAsString(Map.of("events", tooMany)));
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(big.body()).contains("at most 10000 events");
    ContractValidator.assertConforms(Request.Method.POST, "/operator/v1/usage-events", big);
    for (String body : new String[] {"{", "[]", "{\"events\": 3}", ""}) {
      HttpResponse<String> bad = server.post("/operator/v1/usage-events", operator, body);
      assertThat(bad.statusCode()).as(body).isEqualTo(400);
      ContractValidator.assertConforms(Request.Method.POST, "/operator/v1/usage-events", bad);
    }
  }

  @Test
  void usageForAClosedMonthIsRejectedAndCountedNeverMoved() throws Exception {
    TestServer.Tenant t = server.tenant("Closed", Instant.parse("2026-01-01T00:00:00Z"), "c");
    ingest(List.of(event(t.orgId() + "-sep", t, 0, "standard.compute", 2, "2026-09-10T00:00:00Z")));
    server.tally().periodClose().close(t.orgId(), new BillingPeriod(YearMonth.of(2026, 9)));
    JsonNode late =
        ingest(
            List.of(
                event(t.orgId() + "-late", t, 0, "standard.compute", 5, "2026-09-20T00:00:00Z"),
                event(t.orgId() + "-late2", t, 0, "standard.compute", 5, "2026-09-21T00:00:00Z")));
    assertThat(late.get("accepted").asInt()).isZero();
    assertThat(late.get("rejected"))
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.get("code").asText()).isEqualTo("FAILED_PRECONDITION");
              assertThat(r.get("reason").asText()).contains("2026-09").contains("is closed");
            });
    long counted =
        server.queryLong(
            "SELECT late_events FROM billing_periods WHERE organization_id = '"
                + t.orgId()
                + "' AND period_start = DATE '2026-09-01'");
    assertThat(counted).isEqualTo(2);
    Invoice september =
        JSON.readValue(
            server
                .get(
                    "/api/v1/invoices/"
                        + InvoiceIds.monthly(t.orgId(), new BillingPeriod(YearMonth.of(2026, 9))),
                    t.billingKey())
                .body(),
            Invoice.class);
    assertThat(september.status().raw()).isEqualTo("FINALIZED");
    assertThat(september.invoiceItems().get(0).lineItems().get(0).quantity())
        .isEqualByComparingTo("2");
    Invoice november = draft(t, t.billingKey());
    assertThat(november.invoiceItems()).isEmpty();
  }
}
