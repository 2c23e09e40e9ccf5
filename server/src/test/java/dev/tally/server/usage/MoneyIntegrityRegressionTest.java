package dev.tally.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.Request;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.WireJson;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One regression test per case of issue 7 ("every unit of usage is billed exactly once") that can
 * be seen over HTTP, each asserting the right value rather than today's behaviour. Everything goes
 * through the server's HTTP API; the test harness only creates tenants and keys and moves the
 * clock.
 *
 * <p>Case 8 (chunked close) and 9 (CLI clusters create) are not visible over HTTP, case 10 is the
 * CLI's {@code invoices import}; case 5 runs on PostgreSQL only.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class MoneyIntegrityRegressionTest {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final int CLOSE_READ_ROUNDS =
      Integer.getInteger("tally.regression.closeReadRounds", 3);

  @Parameter Backend backend;
  private TestServer server;
  private String operator;

  @BeforeEach
  void start() {
    server = TestServer.on(backend);
    operator = server.operatorKey();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ---- helpers: everything over HTTP

  private static Map<String, Object> event(
      String id, TestServer.Tenant t, int cluster, String sku, Object quantity, String at) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event_id", id);
    e.put("organization_id", t.orgId());
    e.put("cluster_id", t.clusters().get(cluster).id());
    e.put("sku", sku);
    e.put("quantity", quantity);
    e.put("timestamp", at);
    return e;
  }

  private static String json(Object value) throws Exception {
    return JSON.writeValueAsString(value);
  }

  /** Posts a batch; it must answer 200 (never a 5xx) with one outcome per event. */
  private JsonNode ingest(List<?> events) throws Exception {
    HttpResponse<String> response =
        server.post("/operator/v1/usage-events", operator, json(Map.of("events", events)));
    assertThat(response.statusCode())
        .as("a batch of well-formed events answers 200: %s", response.body())
        .isEqualTo(200);
    ContractValidator.assertConforms(Request.Method.POST, "/operator/v1/usage-events", response);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(
            answer.get("accepted").asInt()
                + answer.get("duplicates").asInt()
                + answer.get("rejected").size())
        .as("every event gets exactly one outcome: %s", response.body())
        .isEqualTo(events.size());
    return answer;
  }

  private static Map<Integer, JsonNode> rejections(JsonNode answer) {
    Map<Integer, JsonNode> byIndex = new TreeMap<>();
    answer.get("rejected").forEach(r -> byIndex.put(r.get("index").asInt(), r));
    return byIndex;
  }

  private HttpResponse<String> putPriceBook(String body) {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.uri("/operator/v1/price-book"))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + operator)
                .build());
    ContractValidator.assertConforms(Request.Method.PUT, "/operator/v1/price-book", response);
    return response;
  }

  private HttpResponse<String> close(YearMonth month) {
    String path = "/operator/v1/periods/" + month + "/close";
    HttpResponse<String> response = server.post(path, operator, "");
    ContractValidator.assertConforms(Request.Method.POST, path, response);
    return response;
  }

  private static String invoiceId(TestServer.Tenant t, YearMonth month) {
    return "inv_" + t.orgId() + "_" + month;
  }

  /** GET /api/v1/invoices/{id}; must be 200. */
  private JsonNode invoice(TestServer.Tenant t, String key, YearMonth month) throws Exception {
    HttpResponse<String> response = server.get("/api/v1/invoices/" + invoiceId(t, month), key);
    assertThat(response.statusCode())
        .as("GET %s: %s", invoiceId(t, month), response.body())
        .isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /**
   * The invoice's quantity of the line items with {@code description}, over all clusters and
   * prices.
   */
  private static BigDecimal quantity(JsonNode invoice, String description) {
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode item : invoice.get("invoice_items")) {
      for (JsonNode line : item.get("line_items")) {
        if (line.get("description").asText().equals(description)) {
          sum = sum.add(line.get("quantity").decimalValue());
        }
      }
    }
    return sum;
  }

  /**
   * A price book with compute and storage, storage on sale from {@code storageFrom} (or left out if
   * null).
   */
  private static String book(String storageFrom) throws Exception {
    List<Map<String, Object>> skus = new ArrayList<>();
    skus.add(
        Map.of(
            "sku",
            "standard.compute",
            "description",
            "Standard provisioned compute",
            "quantity_unit",
            "VCPU_HOURS",
            "unit_price",
            "0.10",
            "effective_from",
            "2024-01-01"));
    if (storageFrom != null) {
      skus.add(
          Map.of(
              "sku",
              "standard.storage",
              "description",
              "Standard storage",
              "quantity_unit",
              "GIB_HOURS",
              "unit_price",
              "0.000411",
              "effective_from",
              storageFrom));
    }
    return json(Map.of("version", 1, "skus", skus));
  }

  // ---- case 1: usage before the organization's first month

  @Test
  void usageAdjustmentsAndCreditsBeforeTheBillingStartAreRejectedNotSilentlyAccepted()
      throws Exception {
    TestServer.Tenant t =
        server.tenant("New this month", Instant.parse("2026-11-03T10:00:00Z"), "main");
    String key = t.billingKey();
    JsonNode answer =
        ingest(
            List.of(
                event("evt-1", t, 0, "standard.compute", 10, "2026-11-04T00:00:00Z"),
                event("evt-2", t, 0, "standard.compute", 7, "2026-10-20T12:00:00Z")));

    assertThat(answer.get("accepted").asInt()).as(answer.toString()).isEqualTo(1);
    assertThat(rejections(answer))
        .as("the October event is rejected with a reason, not accepted and lost: %s", answer)
        .containsOnlyKeys(1);
    assertThat(rejections(answer).get(1).get("reason").asText()).isNotBlank();

    assertThat(
            server
                .get("/api/v1/invoices/" + invoiceId(t, YearMonth.of(2026, 10)), key)
                .statusCode())
        .as("no invoice before the billing start")
        .isEqualTo(404);
    assertThat(quantity(invoice(t, key, YearMonth.of(2026, 11)), "Standard provisioned compute"))
        .isEqualByComparingTo("10");

    HttpResponse<String> adjustment =
        server.post(
            "/operator/v1/organizations/" + t.orgId() + "/adjustments",
            operator,
            json(Map.of("period", "2026-10", "name", "Premium support", "amount", "100.00")));
    assertThat(adjustment.statusCode())
        .as("an adjustment for a month before the billing start: %s", adjustment.body())
        .isBetween(400, 499);
    ContractValidator.assertConforms(
        Request.Method.POST,
        "/operator/v1/organizations/" + t.orgId() + "/adjustments",
        adjustment);

    HttpResponse<String> grant =
        server.post(
            "/operator/v1/organizations/" + t.orgId() + "/credit-grants",
            operator,
            json(
                Map.of(
                    "amount",
                    "50.00",
                    "starts_at",
                    "2026-09-01T00:00:00Z",
                    "expires_at",
                    "2026-11-01T00:00:00Z")));
    assertThat(grant.statusCode())
        .as("a credit grant entirely before the billing start: %s", grant.body())
        .isBetween(400, 499);
    ContractValidator.assertConforms(
        Request.Method.POST, "/operator/v1/organizations/" + t.orgId() + "/credit-grants", grant);
  }

  // ---- case 2: the same event_id in two organizations

  @Test
  void theSameEventIdInTwoOrganizationsIsCountedInBoth() throws Exception {
    TestServer.Tenant x = server.tenant("X", Instant.parse("2026-10-01T00:00:00Z"), "x1");
    TestServer.Tenant y = server.tenant("Y", Instant.parse("2026-10-01T00:00:00Z"), "y1");

    JsonNode first =
        ingest(List.of(event("evt-1", x, 0, "standard.compute", 10, "2026-11-02T00:00:00Z")));
    JsonNode second =
        ingest(List.of(event("evt-1", y, 0, "standard.compute", 7, "2026-11-02T00:00:00Z")));
    JsonNode both =
        ingest(
            List.of(
                event("evt-2", x, 0, "standard.compute", 3, "2026-11-03T00:00:00Z"),
                event("evt-2", y, 0, "standard.compute", 4, "2026-11-03T00:00:00Z")));

    assertThat(first.get("accepted").asInt()).isEqualTo(1);
    assertThat(second.get("accepted").asInt()).as("Y's evt-1 is new in Y: %s", second).isEqualTo(1);
    assertThat(second.get("duplicates").asInt()).isZero();
    assertThat(both.get("accepted").asInt())
        .as("evt-2 of X and of Y in one batch: %s", both)
        .isEqualTo(2);

    assertThat(
            quantity(
                invoice(x, x.billingKey(), YearMonth.of(2026, 11)), "Standard provisioned compute"))
        .isEqualByComparingTo("13");
    assertThat(
            quantity(
                invoice(y, y.billingKey(), YearMonth.of(2026, 11)), "Standard provisioned compute"))
        .as("Y's usage is billed to Y")
        .isEqualByComparingTo("11");
  }

  /**
   * The dedup rule behind case 2: key (organization_id, event_id); other content is a conflict, not
   * a duplicate.
   */
  @Test
  void theSameKeyWithOtherContentIsRejectedAsAConflictAndIdenticalContentIsADuplicate()
      throws Exception {
    TestServer.Tenant t = server.tenant("Keys", Instant.parse("2026-10-01T00:00:00Z"), "a", "b");
    var original = event("evt-1", t, 0, "standard.compute", 10, "2026-11-02T00:00:00Z");
    assertThat(ingest(List.of(original)).get("accepted").asInt()).isEqualTo(1);

    JsonNode replay = ingest(List.of(original));
    assertThat(replay.get("duplicates").asInt())
        .as("an identical replay is a duplicate: %s", replay)
        .isEqualTo(1);

    List<Object> conflicts =
        List.of(
            event("evt-1", t, 0, "standard.compute", 11, "2026-11-02T00:00:00Z"), // quantity
            event("evt-1", t, 1, "standard.compute", 10, "2026-11-02T00:00:00Z"), // cluster
            event("evt-1", t, 0, "standard.storage", 10, "2026-11-02T00:00:00Z"), // SKU
            event("evt-1", t, 0, "standard.compute", 10, "2026-11-02T01:00:00Z")); // timestamp
    JsonNode answer = ingest(conflicts);
    assertThat(answer.get("accepted").asInt()).as(answer.toString()).isZero();
    assertThat(answer.get("duplicates").asInt())
        .as("other content is never a duplicate: %s", answer)
        .isZero();
    assertThat(rejections(answer)).containsOnlyKeys(0, 1, 2, 3);
    rejections(answer)
        .values()
        .forEach(
            r -> assertThat(r.get("code").asText()).as(r.toString()).isEqualTo("ALREADY_EXISTS"));

    JsonNode inOneBatch =
        ingest(
            List.of(
                event("evt-2", t, 0, "standard.compute", 1, "2026-11-03T00:00:00Z"),
                event("evt-2", t, 0, "standard.compute", 2, "2026-11-03T00:00:00Z")));
    assertThat(inOneBatch.get("accepted").asInt()).isEqualTo(1);
    assertThat(rejections(inOneBatch))
        .as("the second, different evt-2 of one batch: %s", inOneBatch)
        .containsOnlyKeys(1);
    assertThat(rejections(inOneBatch).get(1).get("code").asText()).isEqualTo("ALREADY_EXISTS");

    assertThat(
            quantity(
                invoice(t, t.billingKey(), YearMonth.of(2026, 11)), "Standard provisioned compute"))
        .isEqualByComparingTo("11");
  }

  // ---- case 3: one oversized event poisons a batch

  @Test
  void oversizedQuantitiesAreRejectedAloneAndTheValidEventsOfTheirBatchAreBilled()
      throws Exception {
    TestServer.Tenant t = server.tenant("Big", Instant.parse("2026-10-01T00:00:00Z"), "c");
    String key = t.billingKey();
    String huge1 = "9".repeat(26);
    String huge2 = "8".repeat(26);
    String huge3 = "7".repeat(26);
    JsonNode answer =
        ingest(
            List.of(
                event("big-1", t, 0, "standard.storage", huge1, "2026-11-05T01:00:00Z"),
                event("big-2", t, 0, "standard.storage", huge2, "2026-11-05T02:00:00Z"),
                event("ok-1", t, 0, "standard.compute", 5, "2026-11-05T03:00:00Z"),
                event(
                    "giant",
                    t,
                    0,
                    "standard.storage",
                    "1" + "0".repeat(40),
                    "2026-11-05T04:00:00Z")));
    JsonNode again =
        ingest(
            List.of(
                event("big-3", t, 0, "standard.storage", huge3, "2026-11-05T05:00:00Z"),
                event("ok-2", t, 0, "standard.compute", 2, "2026-11-05T06:00:00Z")));

    Map<Integer, JsonNode> rejected = rejections(answer);
    assertThat(rejected).as("the valid event is not rejected: %s", answer).doesNotContainKey(2);
    assertThat(rejected).as("a 41-digit quantity is beyond any bound: %s", answer).containsKey(3);
    assertThat(rejections(again))
        .as("the next batch's valid event is accepted: %s", again)
        .doesNotContainKey(1);
    rejected
        .values()
        .forEach(r -> assertThat(r.get("code").asText()).isIn("INVALID_ARGUMENT", "OUT_OF_RANGE"));
    rejections(again)
        .values()
        .forEach(r -> assertThat(r.get("code").asText()).isIn("INVALID_ARGUMENT", "OUT_OF_RANGE"));

    // A 26-digit quantity may be within the documented bound (then it is billed exactly) or beyond
    // it
    // (then it is rejected alone); either way the invoice renders and the valid events are on it.
    BigDecimal storage = BigDecimal.ZERO;
    if (!rejected.containsKey(0)) storage = storage.add(new BigDecimal(huge1));
    if (!rejected.containsKey(1)) storage = storage.add(new BigDecimal(huge2));
    if (!rejections(again).containsKey(0)) storage = storage.add(new BigDecimal(huge3));
    JsonNode november = invoice(t, key, YearMonth.of(2026, 11));
    assertThat(quantity(november, "Standard provisioned compute")).isEqualByComparingTo("7");
    assertThat(quantity(november, "Standard storage")).isEqualByComparingTo(storage);
    assertThat(server.get("/api/v1/invoices?end_time=2026-12-01T00:00:00Z", key).statusCode())
        .isEqualTo(200);
  }

  // ---- case 4: a price-book revision that drops a SKU still used in an open month

  @Test
  void aPriceBookRevisionThatLeavesOpenUsageUnpricedIsRefusedAndInvoicesStillRender()
      throws Exception {
    assertThat(putPriceBook(book("2024-01-01")).statusCode()).isEqualTo(200);
    TestServer.Tenant t = server.tenant("Priced", Instant.parse("2026-10-01T00:00:00Z"), "c");
    String key = t.billingKey();
    assertThat(
            ingest(
                    List.of(
                        event("s-1", t, 0, "standard.storage", 1000, "2026-11-05T00:00:00Z"),
                        event("c-1", t, 0, "standard.compute", 10, "2026-11-05T00:00:00Z")))
                .get("accepted")
                .asInt())
        .isEqualTo(2);

    HttpResponse<String> dropped = putPriceBook(book(null));
    assertThat(dropped.statusCode())
        .as("dropping a SKU in use: %s", dropped.body())
        .isBetween(400, 499);
    assertThat(dropped.body())
        .as("the refusal names the SKU, organization and month")
        .contains("standard.storage")
        .contains(t.orgId())
        .contains("2026-11");

    HttpResponse<String> shifted = putPriceBook(book("2026-11-20"));
    assertThat(shifted.statusCode())
        .as("putting a SKU on sale only after its usage: %s", shifted.body())
        .isBetween(400, 499);
    assertThat(shifted.body()).contains("standard.storage").contains(t.orgId()).contains("2026-11");

    JsonNode november = invoice(t, key, YearMonth.of(2026, 11));
    assertThat(quantity(november, "Standard storage")).isEqualByComparingTo("1000");
    assertThat(server.get("/api/v1/invoices?end_time=2026-12-01T00:00:00Z", key).statusCode())
        .isEqualTo(200);
    assertThat(
            rejections(
                ingest(List.of(event("s-2", t, 0, "standard.storage", 1, "2026-11-06T00:00:00Z")))))
        .as("the book in force still sells standard.storage")
        .isEmpty();

    server.clock().set(Instant.parse("2026-12-02T01:00:00Z"));
    assertThat(close(YearMonth.of(2026, 11)).statusCode()).isEqualTo(200);
    JsonNode closed = invoice(t, key, YearMonth.of(2026, 11));
    assertThat(closed.get("status").asText()).isEqualTo("FINALIZED");
    assertThat(quantity(closed, "Standard storage")).isEqualByComparingTo("1001");
  }

  /** The other side of case 4: usage only in closed months does not block a revision. */
  @Test
  void aRevisionThatDropsASkuUsedOnlyInClosedMonthsIsLoadedAndTheirInvoicesDoNotChange()
      throws Exception {
    assertThat(putPriceBook(book("2024-01-01")).statusCode()).isEqualTo(200);
    TestServer.Tenant t = server.tenant("Closed", Instant.parse("2026-09-01T00:00:00Z"), "c");
    String key = t.billingKey();
    ingest(List.of(event("s-1", t, 0, "standard.storage", 1000, "2026-10-05T00:00:00Z")));
    assertThat(close(YearMonth.of(2026, 10)).statusCode()).isEqualTo(200);
    String october =
        server.get("/api/v1/invoices/" + invoiceId(t, YearMonth.of(2026, 10)), key).body();

    HttpResponse<String> dropped = putPriceBook(book(null));
    assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(200);
    assertThat(server.get("/api/v1/invoices/" + invoiceId(t, YearMonth.of(2026, 10)), key).body())
        .isEqualTo(october);
    assertThat(invoice(t, key, YearMonth.of(2026, 11)).get("invoice_items")).isEmpty();
  }

  // ---- case 5: reWriteBatchedInserts=true on PostgreSQL

  @Test
  void withRewrittenBatchInsertsNewEventsAreAcceptedAndBilled() throws Exception {
    Assumptions.assumeTrue(backend.name().equals("postgresql"), "a PostgreSQL JDBC option");
    server.close();
    server = null;
    String admin = System.getenv(Backend.POSTGRES_ENV);
    String url = admin + (admin.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    server = TestServer.on(Backend.freshPostgres(url));
    operator = server.operatorKey();
    TestServer.Tenant t = server.tenant("Rewritten", Instant.parse("2026-10-01T00:00:00Z"), "c");
    List<Object> events = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      events.add(event("evt-" + i, t, 0, "standard.compute", 1, "2026-11-02T00:00:00Z"));
    }
    JsonNode answer = ingest(events);
    assertThat(answer.get("accepted").asInt()).as(answer.toString()).isEqualTo(1000);
    assertThat(answer.get("duplicates").asInt()).isZero();
    assertThat(
            quantity(
                invoice(t, t.billingKey(), YearMonth.of(2026, 11)), "Standard provisioned compute"))
        .isEqualByComparingTo("1000");
    assertThat(ingest(events).get("duplicates").asInt()).isEqualTo(1000);
  }

  // ---- case 6: reads that span two transactions

  @Test
  void whileMonthsCloseEveryReadSeesEveryInvoice() throws Exception {
    for (int round = 1; round <= CLOSE_READ_ROUNDS; round++) {
      if (round > 1) {
        server.close();
        server = TestServer.on(backend);
        operator = server.operatorKey();
      }
      closeWhileReading(round);
    }
  }

  private void closeWhileReading(int round) throws Exception {
    TestServer.Tenant t = server.tenant("Busy", Instant.parse("2025-01-10T00:00:00Z"), "c");
    String key = t.billingKey();
    List<YearMonth> months = new ArrayList<>();
    List<Object> usage = new ArrayList<>();
    for (YearMonth m = YearMonth.of(2025, 1);
        m.isBefore(YearMonth.of(2026, 11));
        m = m.plusMonths(1)) {
      months.add(m);
      usage.add(event("evt-" + m, t, 0, "standard.compute", 1, m.atDay(3) + "T00:00:00Z"));
    }
    assertThat(ingest(usage).get("accepted").asInt()).isEqualTo(months.size());
    List<String> expectedIds = months.stream().map(m -> invoiceId(t, m)).toList();

    List<String> problems = new CopyOnWriteArrayList<>();
    AtomicBoolean closing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        int reader = r;
        readers.add(
            pool.submit(
                () -> {
                  Map<String, String> seenFinal = new HashMap<>();
                  int i = 0;
                  do {
                    // The months being closed; the running month's DRAFT (November) is not among
                    // them.
                    HttpResponse<String> list =
                        server.get("/api/v1/invoices?end_time=2026-11-01T00:00:00Z", key);
                    if (list.statusCode() != 200) {
                      problems.add("list answered " + list.statusCode() + ": " + list.body());
                      continue;
                    }
                    List<String> ids = new ArrayList<>();
                    JsonNode invoices;
                    try {
                      invoices = JSON.readTree(list.body()).get("invoices");
                    } catch (Exception e) {
                      problems.add("list body unreadable: " + e);
                      continue;
                    }
                    invoices.forEach(
                        inv -> {
                          ids.add(inv.get("invoice_id").asText());
                          String id = inv.get("invoice_id").asText();
                          if (inv.get("status").asText().equals("FINALIZED")) {
                            seenFinal.put(id, "");
                          } else if (seenFinal.containsKey(id)) {
                            problems.add(
                                "reader " + reader + " saw " + id + " FINALIZED, then DRAFT again");
                          }
                        });
                    if (!ids.equals(expectedIds)) {
                      List<String> missing = new ArrayList<>(expectedIds);
                      missing.removeAll(ids);
                      problems.add(
                          "reader "
                              + reader
                              + ": a list missed "
                              + missing
                              + " (it listed "
                              + ids.size()
                              + " invoices, "
                              + expectedIds.size()
                              + " exist)");
                    }
                    String id = expectedIds.get((i++ * 7 + reader) % expectedIds.size());
                    HttpResponse<String> one = server.get("/api/v1/invoices/" + id, key);
                    if (one.statusCode() != 200) {
                      problems.add(
                          "GET " + id + " answered " + one.statusCode() + ": " + one.body());
                    }
                  } while (closing.get() && problems.size() < 20);
                  return null;
                }));
      }
      for (YearMonth m : months) {
        HttpResponse<String> closed = close(m);
        if (closed.statusCode() != 200) {
          problems.add("closing " + m + " answered " + closed.statusCode() + ": " + closed.body());
        }
      }
      closing.set(false);
      for (Future<?> reader : readers) {
        reader.get(120, TimeUnit.SECONDS);
      }
    } finally {
      closing.set(false);
      pool.shutdownNow();
    }
    assertThat(problems)
        .as("round %d of %d: reads during closes", round, CLOSE_READ_ROUNDS)
        .isEmpty();
  }

  // ---- case 7: concurrent price-book loads

  @Test
  void concurrentPriceBookLoadsAllSucceedWithTheirOwnRevisions() throws Exception {
    int loaders = 4;
    ExecutorService pool = Executors.newFixedThreadPool(loaders);
    try {
      for (int round = 0; round < 5; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < loaders; i++) {
          String body =
              json(
                  Map.of(
                      "version",
                      1,
                      "skus",
                      List.of(
                          Map.of(
                              "sku",
                              "standard.compute",
                              "description",
                              "Standard provisioned compute",
                              "quantity_unit",
                              "VCPU_HOURS",
                              "unit_price",
                              "0.1" + round + i,
                              "effective_from",
                              "2024-01-01"))));
          answers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return putPriceBook(body);
                  }));
        }
        go.countDown();
        Set<Integer> revisions = new HashSet<>();
        for (Future<HttpResponse<String>> answer : answers) {
          HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
          assertThat(response.statusCode())
              .as("round %d: a concurrent load answered %s", round, response.body())
              .isEqualTo(200);
          revisions.add(JSON.readTree(response.body()).get("revision").asInt());
        }
        assertThat(revisions)
            .as("round %d: each distinct book gets its own revision", round)
            .hasSize(loaders);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void extremeExponentsAndForeignDigitsAreRejectedAloneNeverA5xx() throws Exception {
    TestServer.Tenant t = server.tenant("Exponents", Instant.parse("2026-10-01T00:00:00Z"), "main");
    String cluster = t.clusters().get(0).id();
    List<String> quantities =
        List.of(
            "\"1e2147483648\"",
            "1e2147483648",
            "\"1E+2147483647\"",
            "\"1e-2147483647\"",
            "1e-2147483647",
            "\"\u0661\"",
            "\"\uff11\"",
            "\" 1\"",
            "\"1e2\"",
            "2.5");
    StringBuilder body = new StringBuilder("{\"events\": [");
    for (int i = 0; i < quantities.size(); i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"event_id\":\"x-")
          .append(i)
          .append("\",\"organization_id\":\"")
          .append(t.orgId())
          .append("\",\"cluster_id\":\"")
          .append(cluster)
          .append("\",\"sku\":\"standard.compute\",\"quantity\":")
          .append(quantities.get(i))
          .append(",\"timestamp\":\"2026-11-02T00:00:00Z\"}");
    }
    HttpResponse<String> response =
        server.post("/operator/v1/usage-events", operator, body.append("]}").toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("accepted").asInt()).as(response.body()).isEqualTo(1);
    assertThat(rejections(answer).keySet()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(rejections(answer).values())
        .allSatisfy(r -> assertThat(r.get("code").asText()).isEqualTo("INVALID_ARGUMENT"));
    assertThat(
            quantity(
                invoice(t, t.billingKey(), YearMonth.of(2026, 11)), "Standard provisioned compute"))
        .isEqualByComparingTo("2.5");

    for (String amount :
        List.of("\"1e2147483648\"", "1e2147483648", "\"1e-2147483647\"", "1E+2147483647")) {
      HttpResponse<String> adjustment =
          server.post(
              "/operator/v1/organizations/" + t.orgId() + "/adjustments",
              operator,
              "{\"period\":\"2026-11\",\"name\":\"x\",\"amount\":" + amount + "}");
      assertThat(adjustment.statusCode()).as(amount + ": " + adjustment.body()).isEqualTo(400);
      HttpResponse<String> grant =
          server.post(
              "/operator/v1/organizations/" + t.orgId() + "/credit-grants",
              operator,
              "{\"amount\":"
                  + amount
                  + ",\"starts_at\":\"2026-11-01T00:00:00Z\",\"expires_at\":\"2027-01-01T00:00:00Z\"}");
      assertThat(grant.statusCode()).as(amount + ": " + grant.body()).isEqualTo(400);
    }
    // A number literal whose exponent does not fit in 32 bits cannot even be read: the body is
    // refused.
    HttpResponse<String> unreadable =
        server.post(
            "/operator/v1/usage-events",
            operator,
            "{\"events\": [{\"event_id\":\"y\",\"quantity\":1e-2147483649}]}");
    assertThat(unreadable.statusCode()).isEqualTo(400);
    assertThat(unreadable.body()).contains("\"code\":3").contains("out of range");
  }
}
