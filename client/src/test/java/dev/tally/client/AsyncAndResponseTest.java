package dev.tally.client;

import static dev.tally.client.Fixtures.clientFor;
import static dev.tally.client.Fixtures.invoice;
import static dev.tally.client.Fixtures.list;
import static dev.tally.client.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import dev.tally.model.Invoice;
import dev.tally.model.ListInvoicesResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncAndResponseTest {

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void executeWithResponseExposesStatusHeadersAndAttempts() {
    try (var stub =
            StubServer.start()
                .then(Reply.json(503, status(14, "busy")))
                .always(Reply.json(203, invoice("inv-1")).withHeader("X-Request-Id", "r-9"));
        var tally = clientFor(stub, sleeper).build()) {
      ApiResponse<Invoice> response = tally.billing().getInvoice("inv-1").executeWithResponse();

      assertThat(response.statusCode()).isEqualTo(203);
      assertThat(response.header("x-request-id")).contains("r-9");
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(response.body().invoiceId()).isEqualTo("inv-1");
      assertThat(response.attempts()).isEqualTo(2);
    }
  }

  @Test
  void executeAsyncCompletesWithTheModel() throws Exception {
    try (var stub = StubServer.start().always(Reply.ok(list(invoice("a"))));
        var tally = clientFor(stub, sleeper).build()) {
      CompletableFuture<ListInvoicesResponse> future =
          tally.billing().listInvoices().executeAsync();

      assertThat(future.get(10, TimeUnit.SECONDS).invoices())
          .extracting(Invoice::invoiceId)
          .containsExactly("a");
      ApiResponse<ListInvoicesResponse> response =
          tally.billing().listInvoices().executeWithResponseAsync().get(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void executeAsyncReturnsBeforeTheServerAnswers() throws Exception {
    try (var stub =
            StubServer.start().always(Reply.ok(invoice("a")).after(Duration.ofMillis(500)));
        var tally = clientFor(stub, sleeper).build()) {
      long start = System.nanoTime();
      CompletableFuture<Invoice> future = tally.billing().getInvoice("a").executeAsync();

      assertThat(future).isNotDone();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
      assertThat(future.get(10, TimeUnit.SECONDS).invoiceId()).isEqualTo("a");
    }
  }

  @Test
  void executeAsyncFailsWithTheSameExceptionTypeAsExecute() {
    try (var stub = StubServer.start().always(Reply.json(404, status(5, "no such invoice")));
        var tally = clientFor(stub, sleeper).build()) {
      CompletableFuture<Invoice> future = tally.billing().getInvoice("nope").executeAsync();

      assertThatThrownBy(future::join)
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e -> assertThat(e.serverMessage()).isEqualTo("no such invoice"));
      assertThatThrownBy(() -> future.get(1, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void cancellingAnAsyncCallAbandonsItsRetryWait() throws Exception {
    var waiting = new CountDownLatch(1);
    var interrupted = new CountDownLatch(1);
    Sleeper blockingSleeper =
        d -> {
          waiting.countDown();
          try {
            Thread.sleep(Duration.ofSeconds(30));
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
        };
    try (var stub = StubServer.start().always(Reply.json(503, status(14, "down")));
        var tally =
            TallyClient.builder()
                .baseUrl(stub.baseUrl())
                .apiKey("k")
                .environment(n -> null)
                .sleeper(blockingSleeper)
                .build()) {
      var future = tally.billing().listInvoices().executeAsync();
      assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

      future.cancel(true);

      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(stub.requests()).hasSize(1);
    }
  }
}
