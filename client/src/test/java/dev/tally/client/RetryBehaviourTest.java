package dev.tally.client;

import static dev.tally.client.Fixtures.clientFor;
import static dev.tally.client.Fixtures.invoice;
import static dev.tally.client.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import dev.tally.model.Invoice;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryBehaviourTest {

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @ParameterizedTest(name = "HTTP {0} is retried")
  @ValueSource(ints = {408, 429, 502, 503, 504})
  void retryableStatusesAreRetriedUntilSuccess(int status) {
    try (var stub =
            StubServer.start()
                .then(Reply.json(status, status(14, "try again")))
                .always(Reply.ok(invoice("inv-1")));
        var tally = clientFor(stub, sleeper).build()) {
      Invoice invoice = tally.billing().getInvoice("inv-1").execute();

      assertThat(invoice.invoiceId()).isEqualTo("inv-1");
      assertThat(stub.requests()).hasSize(2);
      assertThat(sleeper.waits()).hasSize(1);
    }
  }

  @ParameterizedTest(name = "HTTP {0} is not retried")
  @ValueSource(ints = {400, 401, 403, 404, 409, 500})
  void otherErrorStatusesAreNotRetried(int status) {
    try (var stub = StubServer.start().always(Reply.json(status, status(3, "no")));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().getInvoice("inv-1").execute())
          .isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).attempts()).isEqualTo(1));

      assertThat(stub.requests()).hasSize(1);
      assertThat(sleeper.waits()).isEmpty();
    }
  }

  @Test
  void exhaustedRetriesThrowTheLastErrorAndSayHowManyAttempts() {
    try (var stub = StubServer.start().always(Reply.json(503, status(14, "overloaded")));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().getInvoice("inv-1").execute())
          .isInstanceOfSatisfying(
              ServerException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.serverMessage()).isEqualTo("overloaded");
              })
          .hasMessageContaining("gave up after 3 attempts");
      assertThat(stub.requests()).hasSize(3);
    }
  }

  @Test
  void backoffIsExponentialWithFullJitter() {
    try (var stub = StubServer.start().always(Reply.json(502, status(14, "bad gateway")));
        var tally = clientFor(stub, sleeper).maxRetries(5).jitter(() -> 0.5).build()) {
      assertThatThrownBy(() -> tally.billing().listInvoices().execute())
          .isInstanceOf(ServerException.class);

      // Half of 0.5 s, 1 s, 2 s, 4 s, 8 s (the cap).
      assertThat(sleeper.waits())
          .containsExactly(
              Duration.ofMillis(250),
              Duration.ofMillis(500),
              Duration.ofMillis(1000),
              Duration.ofMillis(2000),
              Duration.ofMillis(4000));
    }
  }

  @Test
  void backoffNeverExceedsItsCapWhateverTheDraw() {
    RetryPolicy policy = RetryPolicy.defaults().withJitter(() -> 0.999999);
    for (int retry = 1; retry <= 10; retry++) {
      assertThat(policy.backoff(retry)).isLessThanOrEqualTo(RetryPolicy.DEFAULT_MAX_BACKOFF);
    }
    assertThat(RetryPolicy.defaults().withJitter(() -> 0.0).backoff(4)).isEqualTo(Duration.ZERO);
  }

  @Test
  void retryAfterInSecondsIsWaitedExactly() {
    try (var stub =
            StubServer.start()
                .then(Reply.json(429, status(8, "slow down")).withHeader("Retry-After", "7"))
                .always(Reply.ok(invoice("inv-1")));
        var tally = clientFor(stub, sleeper).build()) {
      tally.billing().getInvoice("inv-1").execute();

      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }
  }

  @Test
  void retryAfterAsHttpDateIsWaitedUntilThatTime() {
    Instant now = Instant.parse("2025-03-01T12:00:00Z");
    String in5s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(now.plusSeconds(5), ZoneOffset.UTC));
    try (var stub =
            StubServer.start()
                .then(Reply.json(503, status(14, "later")).withHeader("Retry-After", in5s))
                .always(Reply.ok(invoice("inv-1")));
        var tally = clientFor(stub, sleeper).clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
      tally.billing().getInvoice("inv-1").execute();

      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(5));
    }
  }

  @Test
  void retryAfterLongerThanTheCapEndsTheRetriesAtOnce() {
    try (var stub =
            StubServer.start()
                .always(Reply.json(429, status(8, "quota")).withHeader("Retry-After", "3600"));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().listInvoices().execute())
          .isInstanceOfSatisfying(
              RateLimitedException.class,
              e -> {
                assertThat(e.retryAfter()).contains(Duration.ofHours(1));
                assertThat(e.attempts()).isEqualTo(1);
              })
          .hasMessageContaining("asked to wait 3600 s");
      assertThat(stub.requests()).hasSize(1);
      assertThat(sleeper.waits()).isEmpty();
    }
  }

  @Test
  void malformedRetryAfterFallsBackToBackoff() {
    try (var stub =
            StubServer.start()
                .then(Reply.json(503, status(14, "x")).withHeader("Retry-After", "soon-ish"))
                .always(Reply.ok(invoice("inv-1")));
        var tally = clientFor(stub, sleeper).jitter(() -> 1.0).build()) {
      tally.billing().getInvoice("inv-1").execute();

      assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(500));
    }
  }

  @Test
  void connectionRefusedIsRetriedThenReportedAsTransportFailure() throws IOException {
    int closedPort;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (var tally =
        TallyClient.builder()
            .baseUrl("http://127.0.0.1:" + closedPort)
            .apiKey("k")
            .environment(n -> null)
            .sleeper(sleeper)
            .build()) {
      assertThatThrownBy(() -> tally.billing().getInvoice("inv-1").execute())
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.isTimeout()).isFalse();
                assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                assertThat(e.getSuppressed()).hasSize(2);
              })
          .hasMessageContaining("gave up after 3 attempts");
      assertThat(sleeper.waits()).hasSize(2);
    }
  }

  @Test
  void perRequestMaxRetriesOverridesTheClients() {
    try (var stub = StubServer.start().always(Reply.json(503, status(14, "down")));
        var tally = clientFor(stub, sleeper).maxRetries(5).build()) {
      var once = RequestOptions.builder().maxRetries(0).build();
      assertThatThrownBy(() -> tally.billing().getInvoice("a").options(once).execute())
          .isInstanceOfSatisfying(
              ServerException.class, e -> assertThat(e.attempts()).isEqualTo(1));
      assertThat(stub.requests()).hasSize(1);

      var more = RequestOptions.builder().maxRetries(3).build();
      assertThatThrownBy(() -> tally.billing().getInvoice("a").options(more).execute())
          .isInstanceOfSatisfying(
              ServerException.class, e -> assertThat(e.attempts()).isEqualTo(4));
      assertThat(stub.requests()).hasSize(1 + 4);
    }
  }

  @Test
  void clientWithRetriesOffSendsOnce() {
    try (var stub = StubServer.start().always(Reply.json(504, status(4, "deadline")));
        var tally = clientFor(stub, sleeper).maxRetries(0).build()) {
      assertThatThrownBy(() -> tally.billing().listInvoices().execute())
          .isInstanceOf(ServerException.class)
          .hasMessageNotContaining("gave up");
      assertThat(stub.requests()).hasSize(1);
    }
  }

  @Test
  void interruptedWaitStopsRetryingAndKeepsTheInterruptFlag() {
    try (var stub = StubServer.start().always(Reply.json(503, status(14, "down")))) {
      TallyClient interrupting =
          TallyClient.builder()
              .baseUrl(stub.baseUrl())
              .apiKey("k")
              .environment(n -> null)
              .sleeper(
                  d -> {
                    throw new InterruptedException();
                  })
              .build();
      try (interrupting) {
        assertThatThrownBy(() -> interrupting.billing().listInvoices().execute())
            .isInstanceOfSatisfying(
                TransportException.class, e -> assertThat(e.isInterrupted()).isTrue());
        assertThat(Thread.interrupted()).isTrue(); // also clears it for the next test
      }
      assertThat(stub.requests()).hasSize(1);
    }
  }
}
