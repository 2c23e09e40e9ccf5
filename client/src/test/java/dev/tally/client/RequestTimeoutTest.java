package dev.tally.client;

import static dev.tally.client.Fixtures.clientFor;
import static dev.tally.client.Fixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestTimeoutTest {

  private static final Duration SLOW = Duration.ofSeconds(5);

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void clientRequestTimeoutEndsASlowAttempt() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")).after(SLOW));
        var tally =
            clientFor(stub, sleeper).requestTimeout(Duration.ofMillis(200)).maxRetries(0).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> tally.billing().getInvoice("inv-1").execute())
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> {
                assertThat(e.isTimeout()).isTrue();
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
              })
          .hasMessageContaining("timed out");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void perRequestTimeoutOverridesTheClientsAndTimeoutsAreRetried() {
    try (var stub =
            StubServer.start()
                .then(Reply.ok(invoice("inv-1")).after(SLOW))
                .always(Reply.ok(invoice("inv-1")));
        var tally = clientFor(stub, sleeper).build()) {
      var quick = RequestOptions.builder().timeout(Duration.ofMillis(200)).maxRetries(1).build();

      var invoice = tally.billing().getInvoice("inv-1").options(quick).executeWithResponse();

      assertThat(invoice.attempts()).isEqualTo(2);
      assertThat(stub.requests()).hasSize(2);
    }
  }
}
