package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.Cluster;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A burst of requests for an invoice or a list that no cache holds (after a start, a close or a
 * usage batch) shares its reads: one read answers every request that came while another was under
 * way, so a burst costs at most two reads of it, where it cost one per request, and a fresh
 * instance's pool ran dry under 64 connections asking for one invoice. Every request is still
 * answered with what it would have read alone.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class ConcurrentFirstReadsTest {

  private static final int BURST = 32;

  @Parameter Backend backend;

  private TestServer server;
  private ExecutorService clients;
  private int events;

  /** Two organizations alike: one read alone, to measure, and one read by a burst. */
  private Org measured;

  private Org bursted;

  private record Org(TestServer.Tenant tenant, String key, List<String> finalized) {
    String draft() {
      return "/api/v1/invoices/inv_" + tenant.orgId() + "_2026-11";
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = TestServer.on(backend);
    clients = Executors.newFixedThreadPool(BURST);
    measured = org("Measured");
    bursted = org("Bursted");
    // A connection open for each client, so that a burst's requests reach the server together.
    assertThat(burst(bursted, bursted.finalized().getFirst()))
        .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
  }

  private Org org(String name) {
    TestServer.Tenant tenant =
        server.tenant(name, Instant.parse("2026-01-01T00:00:00Z"), "alpha", "beta", "gamma");
    List<String> finalized = new ArrayList<>();
    for (int month = 1; month <= 9; month++) {
      finalized.add(
          "/api/v1/invoices/"
              + tenant.invoice(YearMonth.of(2026, month), InvoiceStatus.FINALIZED).invoiceId());
    }
    for (int day = 1; day <= 14; day++) {
      for (Cluster cluster : tenant.clusters()) {
        tenant.ingest(
            cluster.id(), "burst-" + (++events), String.format("2026-11-%02dT00:00:00Z", day), 3);
      }
    }
    Org org = new Org(tenant, tenant.billingKey(), finalized);
    // The key's lookup, out of the way of what is counted.
    assertThat(get(org, finalized.getFirst()).statusCode()).isEqualTo(200);
    return org;
  }

  @AfterEach
  void stop() {
    clients.shutdownNow();
    server.close();
  }

  @Test
  void aBurstOfFirstReadsOfAFinalizedInvoiceCostsAtMostTwoReadsOfIt() throws Exception {
    // Once the first read has kept the body, a request that comes finds it: no statement.
    assertBurstCostsAtMostTwoReadsAnd(0, org -> org.finalized().get(4));
  }

  @Test
  void aBurstOfFirstReadsOfTheListCostsAtMostTwoReadsOfItAndAVersionEach() throws Exception {
    // Once the first read has kept the list, a request that comes checks its version: one
    // statement.
    assertBurstCostsAtMostTwoReadsAnd(BURST, org -> "/api/v1/invoices");
  }

  @Test
  void aBurstOfFirstReadsOfADraftCostsAtMostTwoRatingsOfItAndAVersionEach() throws Exception {
    assertBurstCostsAtMostTwoReadsAnd(BURST, Org::draft);
  }

  /**
   * Reads {@code path} once in the measured organization, then in a burst in the other, where
   * nothing of it is held either: the burst may cost two reads (one under way when the others came,
   * and the one they share) and {@code versionChecks} statements, and every answer is the one a
   * read alone gives.
   */
  private void assertBurstCostsAtMostTwoReadsAnd(long versionChecks, Function<Org, String> path)
      throws Exception {
    long before = server.tally().tx().statementsPrepared();
    HttpResponse<String> alone = get(measured, path.apply(measured));
    long one = server.tally().tx().statementsPrepared() - before;
    assertThat(alone.statusCode()).isEqualTo(200);

    before = server.tally().tx().statementsPrepared();
    List<HttpResponse<String>> answers = burst(bursted, path.apply(bursted));
    long burst = server.tally().tx().statementsPrepared() - before;

    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    assertThat(answers)
        .extracting(HttpResponse::body)
        .containsOnly(get(bursted, path.apply(bursted)).body());
    // One statement more for a key whose cached lookup expired meanwhile.
    assertThat(burst)
        .as("statements for %d requests, where one read alone costs %d", BURST, one)
        .isLessThanOrEqualTo(2 * one + versionChecks + 1);
  }

  /** The requests of a burst, released together; their answers. */
  private List<HttpResponse<String>> burst(Org org, String path) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      calls.add(
          clients.submit(
              () -> {
                go.await();
                return get(org, path);
              }));
    }
    go.countDown();
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (Future<HttpResponse<String>> call : calls) {
      answers.add(call.get());
    }
    return answers;
  }

  private HttpResponse<String> get(Org org, String path) {
    return server.get(path, org.key());
  }
}
