package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two instances on one database: what one of them has cached (a list, a draft by id) is never
 * served after a change made through the other (usage, an adjustment, a price book, a close). The
 * version that guards each cached body lives in the database, not in an instance.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class CachesFollowAnotherInstanceTest {

  @Parameter Backend backend;

  private static TestServer reader;
  private static TestServer writer;
  private static TestServer.Tenant tenant;
  private static String key;
  private static String draftPath;
  private static int events;

  @BeforeParameterizedClassInvocation
  static void start(Backend backend) {
    reader = TestServer.on(backend);
    writer = TestServer.on(reader.database());
    tenant = reader.tenant("Two instances", Instant.parse("2026-01-01T00:00:00Z"), "alpha");
    for (YearMonth m = YearMonth.of(2026, 1);
        m.isBefore(YearMonth.of(2026, 9));
        m = m.plusMonths(1)) {
      tenant.invoice(m, InvoiceStatus.FINALIZED);
    }
    key = tenant.billingKey();
    draftPath = "/api/v1/invoices/inv_" + tenant.orgId() + "_2026-11";
    ingest("2026-09-03T00:00:00Z");
    ingest("2026-11-03T00:00:00Z");
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    writer.close();
    reader.close();
  }

  @Test
  void aCachedListOrDraftIsNeverServedAfterAChangeThroughAnotherInstance() {
    String operator = writer.operatorKey();
    String org = "/operator/v1/organizations/" + tenant.orgId();
    Map<String, Runnable> changes = new LinkedHashMap<>();
    changes.put("usage", () -> ingest("2026-11-04T00:00:00Z"));
    changes.put(
        "an adjustment",
        () ->
            assertThat(
                    writer
                        .post(
                            org + "/adjustments",
                            operator,
                            "{\"period\":\"2026-11\",\"amount\":\"-2.00\",\"name\":\"Goodwill\"}")
                        .statusCode())
                .isEqualTo(201));
    changes.put(
        "a price book", () -> assertThat(writer.loadPriceBookWithComputeAt("0.31")).isEqualTo(200));
    changes.put(
        "a close",
        () ->
            assertThat(
                    writer
                        .tally()
                        .periodClose()
                        .closeAll(new BillingPeriod(YearMonth.of(2026, 9)))
                        .closed())
                .isEqualTo(1));
    for (var change : changes.entrySet()) {
      Map<String, String> before = new LinkedHashMap<>();
      for (String path : List.of("/api/v1/invoices", draftPath)) {
        before.put(path, read(reader, path));
        assertThat(read(reader, path)).as("%s cached", path).isEqualTo(before.get(path));
      }

      change.getValue().run();

      for (String path : before.keySet()) {
        String after = read(reader, path);
        assertThat(after)
            .as("%s on the other instance after %s", path, change.getKey())
            .isEqualTo(read(writer, path));
        // A close changes the list (September is FINALIZED now), not November's draft.
        if (!(change.getKey().equals("a close") && path.equals(draftPath))) {
          assertThat(after)
              .as("%s on the other instance after %s", path, change.getKey())
              .isNotEqualTo(before.get(path));
        }
      }
    }
  }

  /**
   * Readers that come while another reader's version read is under way share the next one ({@code
   * store.SharedReads}); none may be answered by a read that began before it asked. Usage goes in
   * through one instance, and after each acknowledgement the draft is read there; readers on the
   * other instance note how many acknowledged drafts there were before each request, and every
   * answer must be one of those drafts or a later one.
   */
  @Test
  void concurrentReadersNeverSeeADraftOlderThanWhatWasAcknowledgedBeforeTheyAsked()
      throws Exception {
    List<String> drafts = new java.util.concurrent.CopyOnWriteArrayList<>();
    drafts.add(read(writer, draftPath));
    record Seen(int acknowledged, String draft) {}
    List<Seen> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    List<Thread> readers = new java.util.ArrayList<>();
    for (int r = 0; r < 6; r++) {
      readers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (writing.get()) {
                      int acknowledged = drafts.size();
                      seen.add(new Seen(acknowledged, read(reader, draftPath)));
                    }
                  }));
    }
    try {
      for (int i = 0; i < 30; i++) {
        ingest("2026-11-05T00:00:00Z");
        drafts.add(read(writer, draftPath));
      }
    } finally {
      writing.set(false);
      for (Thread t : readers) {
        t.join();
      }
    }

    assertThat(seen).hasSizeGreaterThan(30);
    for (Seen s : seen) {
      // The drafts are all different: each acknowledged event adds to the usage.
      int index = drafts.indexOf(s.draft());
      assertThat(index).as("a draft the writer's instance served").isNotNegative();
      assertThat(index + 1)
          .as("the draft read after %d acknowledged drafts", s.acknowledged())
          .isGreaterThanOrEqualTo(s.acknowledged());
    }
  }

  private static String read(TestServer server, String path) {
    HttpResponse<String> response = server.get(path, key);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static void ingest(String timestamp) {
    String body =
        "{\"events\":[{\"event_id\":\"two-"
            + (++events)
            + "\",\"organization_id\":\""
            + tenant.orgId()
            + "\",\"cluster_id\":\""
            + tenant.clusters().get(0).id()
            + "\",\"sku\":\"standard.compute\",\"quantity\":3,"
            + "\"timestamp\":\""
            + timestamp
            + "\"}]}";
    assertThat(writer.post("/operator/v1/usage-events", writer.operatorKey(), body).statusCode())
        .isEqualTo(200);
  }
}
