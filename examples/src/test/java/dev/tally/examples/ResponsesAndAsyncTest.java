package dev.tally.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.ApiResponse;
import dev.tally.client.NotFoundException;
import dev.tally.client.TallyClient;
import dev.tally.model.Invoice;
import dev.tally.model.ListInvoicesResponse;
import java.time.YearMonth;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ways to run a request, against a real server: with the HTTP response, and asynchronously. */
class ResponsesAndAsyncTest {

  private static SeededServer seeded;
  private static TallyClient tally;

  @BeforeAll
  static void start() {
    seeded = SeededServer.embedded();
    tally = seeded.client();
  }

  @AfterAll
  static void stop() {
    tally.close();
    seeded.close();
  }

  @Test
  void executeWithResponseGivesTheStatusHeadersAndAttemptsWithTheModel() {
    Invoice september = seeded.invoices.get(YearMonth.of(2026, 9));

    ApiResponse<Invoice> response =
        tally.billing().getInvoice(september.invoiceId()).executeWithResponse();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.header("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(response.headers().firstValue("Content-Type"))
        .isEqualTo(response.header("CONTENT-TYPE"));
    assertThat(response.attempts()).isEqualTo(1);
    assertThat(response.body()).isEqualTo(september);

    ApiResponse<ListInvoicesResponse> list = tally.billing().listInvoices().executeWithResponse();
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body().invoices()).hasSize(11);
  }

  @Test
  void executeAsyncCompletesWithTheModel() throws Exception {
    Invoice october = seeded.invoices.get(YearMonth.of(2026, 10));

    var invoice = tally.billing().getInvoice(october.invoiceId()).executeAsync();
    var list = tally.billing().listInvoices().executeWithResponseAsync();

    assertThat(invoice.get(10, TimeUnit.SECONDS)).isEqualTo(october);
    assertThat(list.get(10, TimeUnit.SECONDS).body().invoices())
        .endsWith(october, seeded.invoices.get(YearMonth.of(2026, 11)));
    assertThat(list.get().statusCode()).isEqualTo(200);
  }

  @Test
  void executeAsyncFailsWithTheSameExceptionExecuteThrows() {
    var missing = tally.billing().getInvoice("no-such-invoice").executeAsync();

    assertThatThrownBy(() -> missing.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(missing::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void manyConcurrentRequestsOnOneClientAllSucceed() {
    var futures =
        seeded.invoices.values().stream()
            .map(
                i ->
                    tally
                        .billing()
                        .getInvoice(i.invoiceId())
                        .executeAsync()
                        .orTimeout(20, TimeUnit.SECONDS))
            .toList();

    assertThat(futures.stream().map(java.util.concurrent.CompletableFuture::join).toList())
        .containsExactlyElementsOf(seeded.invoices.values());
  }
}
