package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.WireJson;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The listing window: an invoice is listed when {@code period_start >= start_time} and {@code
 * period_end <= end_time}; start defaults to the organization's creation month, and without an end
 * the list runs up to and including the running month's DRAFT.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class InvoiceListFiltersTest {

  @Parameter Backend backend;

  private static final ObjectMapper JSON = WireJson.mapper();
  private static TestServer server;
  private static String key;

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    server = TestServer.on(backend);
    // Now is 2026-11-15; the organization was created mid-March 2026.
    TestServer.Tenant tenant =
        server.tenant("Filters", Instant.parse("2026-03-10T08:00:00Z"), "beta", "alpha");
    for (YearMonth m = YearMonth.of(2026, 3);
        m.isBefore(YearMonth.of(2026, 10));
        m = m.plusMonths(1)) {
      tenant.invoice(m, InvoiceStatus.FINALIZED);
    }
    tenant.invoice(
        YearMonth.of(2026, 10), InvoiceStatus.DRAFT); // last month, still in its grace period
    tenant.invoice(YearMonth.of(2026, 11), InvoiceStatus.DRAFT); // the running month
    key = tenant.billingKey();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  private static List<String> months(String query) throws Exception {
    HttpResponse<String> response = server.get("/api/v1/invoices" + query, key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    ContractValidator.assertConforms("/api/v1/invoices", response);
    return JSON.readValue(response.body(), ListInvoicesResponse.class).invoices().stream()
        .map(i -> i.periodStart().toString().substring(0, 7))
        .toList();
  }

  @Test
  void defaultsListFromTheCreationMonthThroughTheRunningMonthsDraft() throws Exception {
    assertThat(months(""))
        .containsExactly(
            "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
            "2026-11");
  }

  @Test
  void aStartAloneListsThroughTheRunningMonth() throws Exception {
    assertThat(months("?start_time=2026-09-01T00:00:00Z"))
        .containsExactly("2026-09", "2026-10", "2026-11");
    assertThat(months("?start_time=2026-11-01T00:00:00Z")).containsExactly("2026-11");
  }

  @Test
  void statusDraftWithoutBoundsIsTheRunningDraftAndTheMonthStillInGrace() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/invoices?status=DRAFT", key);
    ContractValidator.assertConforms("/api/v1/invoices", response);
    List<Invoice> drafts = JSON.readValue(response.body(), ListInvoicesResponse.class).invoices();
    assertThat(drafts)
        .extracting(Invoice::periodStart)
        .containsExactly(
            Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(drafts)
        .allSatisfy(i -> assertThat(i.status().value()).isEqualTo(InvoiceStatus.DRAFT));
    assertThat(months("?status=FINALIZED")).hasSize(7).doesNotContain("2026-10", "2026-11");
  }

  @Test
  void aStartAloneInTheFutureIsAnEmptyListNotAnError() throws Exception {
    assertThat(months("?start_time=2026-12-01T00:00:00Z")).isEmpty();
    assertThat(months("?start_time=2030-01-01T00:00:00Z&status=DRAFT")).isEmpty();
  }

  @Test
  void anEndAloneBeforeTheFirstMonthIsAnEmptyListNotAnError() throws Exception {
    assertThat(months("?end_time=2026-02-01T00:00:00Z")).isEmpty();
    assertThat(months("?end_time=2020-01-01T00:00:00Z&status=FINALIZED")).isEmpty();
  }

  @Test
  void aPastMonthInItsGracePeriodIsListedAsDraft() throws Exception {
    HttpResponse<String> response =
        server.get(
            "/api/v1/invoices?start_time=2026-10-01T00:00:00Z&end_time=2026-11-01T00:00:00Z", key);
    List<Invoice> invoices = JSON.readValue(response.body(), ListInvoicesResponse.class).invoices();
    assertThat(invoices)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.periodStart()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
              assertThat(i.status().value()).isEqualTo(InvoiceStatus.DRAFT);
            });
  }

  @Test
  void theRunningDraftIsListedOnceEndTimeReachesItsPeriodEnd() throws Exception {
    assertThat(months("?start_time=2026-11-01T00:00:00Z&end_time=2026-12-01T00:00:00Z"))
        .containsExactly("2026-11");
    assertThat(months("?start_time=2026-11-01T00:00:00Z&end_time=2026-11-30T23:59:59.999Z"))
        .isEmpty();
  }

  @Test
  void startTimeIsInclusiveAndEndTimeBoundsThePeriodEnd() throws Exception {
    assertThat(months("?start_time=2026-05-01T00:00:00Z&end_time=2026-07-01T00:00:00Z"))
        .containsExactly("2026-05", "2026-06");
    assertThat(months("?start_time=2026-05-01T00:00:00.000000001Z&end_time=2026-07-01T00:00:00Z"))
        .containsExactly("2026-06");
    assertThat(months("?start_time=2026-05-01T00:00:00Z&end_time=2026-06-30T23:59:59Z"))
        .containsExactly("2026-05");
  }

  @Test
  void statusFilterKeepsOnlyThatStatus() throws Exception {
    assertThat(months("?status=DRAFT&end_time=2027-01-01T00:00:00Z"))
        .containsExactly("2026-10", "2026-11");
    assertThat(months("?status=FINALIZED&end_time=2027-01-01T00:00:00Z"))
        .hasSize(7)
        .doesNotContain("2026-10");
  }

  @Test
  void offsetsAreHonouredAsInstants() throws Exception {
    // 2026-05-01T02:00+02:00 is 2026-05-01T00:00Z: May is included.
    assertThat(months("?start_time=2026-05-01T02:00:00%2B02:00&end_time=2026-06-01T00:00:00Z"))
        .containsExactly("2026-05");
  }

  @Test
  void anEmptyWindowIsAnEmptyListNotAnError() throws Exception {
    assertThat(months("?start_time=2026-06-01T00:00:00Z&end_time=2026-06-01T00:00:00Z")).isEmpty();
    assertThat(months("?start_time=2019-01-01T00:00:00Z&end_time=2020-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void invoicesAreSortedByPeriodStartAscendingAndItemsByClusterName() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/invoices", key);
    List<Invoice> invoices = JSON.readValue(response.body(), ListInvoicesResponse.class).invoices();
    assertThat(invoices).extracting(Invoice::periodStart).isSorted().hasSize(9);
    assertThat(invoices)
        .allSatisfy(
            i ->
                assertThat(i.invoiceItems())
                    .extracting(item -> item.cluster().name())
                    .containsExactly("alpha", "beta"));
  }

  @Test
  void startAfterEndIsRejectedWhenTheClientGaveBoth() {
    HttpResponse<String> response =
        server.get(
            "/api/v1/invoices?start_time=2026-06-01T00:00:00Z&end_time=2026-05-01T00:00:00Z", key);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("start_time 2026-06-01T00:00:00Z is after end_time 2026-05-01T00:00:00Z");
    ContractValidator.assertConforms("/api/v1/invoices", response);
  }
}
