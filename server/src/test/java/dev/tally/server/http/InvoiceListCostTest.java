package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A list costs a bounded number of SQL statements whatever its length (issue 11): the finalized
 * invoices' ids come in one statement, the bodies the cache lacks in one more, and the running
 * draft costs what it costs whatever came before it.
 */
class InvoiceListCostTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void aListOfThirtyInvoicesCostsTheStatementsOfAListOfThree(Backend backend) {
    try (TestServer server = TestServer.on(backend)) {
      String shortList = tenantWithFinalizedMonths(server, "Short", YearMonth.of(2026, 8));
      String longList = tenantWithFinalizedMonths(server, "Long", YearMonth.of(2024, 5));

      long[] shortCosts = costOfTwoLists(server, shortList, 4);
      long[] longCosts = costOfTwoLists(server, longList, 31);

      assertThat(longCosts).as("cold, then warm cache").containsExactly(shortCosts);
      assertThat(shortCosts[1]).as("a warm list (key and bodies cached)").isLessThan(shortCosts[0]);
    }
  }

  /** A tenant with FINALIZED invoices from {@code first} through 2026-10 (TestServer's now). */
  private static String tenantWithFinalizedMonths(TestServer server, String name, YearMonth first) {
    TestServer.Tenant tenant =
        server.tenant(
            name, first.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC), "c1");
    for (YearMonth m = first; m.isBefore(YearMonth.of(2026, 11)); m = m.plusMonths(1)) {
      tenant.invoice(m, InvoiceStatus.FINALIZED);
    }
    return tenant.billingKey();
  }

  /** The statements of a first list (nothing cached) and of a second one. */
  private static long[] costOfTwoLists(TestServer server, String key, int expectedInvoices) {
    long[] costs = new long[2];
    for (int i = 0; i < 2; i++) {
      long before = server.tally().tx().statementsPrepared();
      HttpResponse<String> response = server.get("/api/v1/invoices", key);
      costs[i] = server.tally().tx().statementsPrepared() - before;
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body().split("\"invoice_id\"", -1)).hasSize(expectedInvoices + 1);
    }
    return costs;
  }
}
