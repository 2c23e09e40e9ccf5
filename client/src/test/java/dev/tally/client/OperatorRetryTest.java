package dev.tally.client;

import static dev.tally.client.Fixtures.operatorClientFor;
import static dev.tally.client.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import dev.tally.model.BillingPeriod;
import dev.tally.model.operator.AdjustmentRequest;
import dev.tally.model.operator.CreditGrantRequest;
import dev.tally.model.operator.UsageEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Idempotent operator requests are retried like GETs; grants and adjustments, which add money each
 * time they arrive, only when they never left.
 */
class OperatorRetryTest {

  private final RecordingSleeper sleeper = new RecordingSleeper();

  private static final List<UsageEvent> EVENTS =
      List.of(
          new UsageEvent(
              "evt-1",
              "acme",
              "c-1",
              "basic.storage",
              BigDecimal.TEN,
              Instant.parse("2026-10-04T12:00:00Z")));

  private static final CreditGrantRequest GRANT =
      new CreditGrantRequest(
          new BigDecimal("500.00"),
          Instant.parse("2026-01-01T00:00:00Z"),
          Instant.parse("2027-01-01T00:00:00Z"));

  private static final AdjustmentRequest ADJUSTMENT =
      new AdjustmentRequest(
          BillingPeriod.of(2026, 11), "Premium support", new BigDecimal("100.00"));

  private static final String GRANTED =
      """
      {"id": "g-1", "amount": 500.00, "starts_at": "2026-01-01T00:00:00Z",
       "expires_at": "2027-01-01T00:00:00Z"}""";

  @ParameterizedTest(name = "ingestion is retried after HTTP {0}")
  @ValueSource(ints = {429, 502, 503, 504})
  void ingestionIsRetriedAfterATryAgainStatusAndTheSameBatchIsSentAgain(int status) {
    try (var stub =
            StubServer.start()
                .then(Reply.json(status, status(14, "busy")))
                .always(Reply.ok("{\"accepted\": 0, \"duplicates\": 1, \"rejected\": []}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      var response = tally.operator().ingestUsage(EVENTS).executeWithResponse();

      assertThat(response.attempts()).isEqualTo(2);
      assertThat(response.body().duplicates()).isEqualTo(1);
      assertThat(stub.requests()).hasSize(2);
      assertThat(stub.requests().get(1).body()).isEqualTo(stub.requests().get(0).body());
    }
  }

  @Test
  void ingestionIsRetriedAfterATimeoutThatMayHaveReachedTheServer() {
    try (var stub =
            StubServer.start()
                .then(Reply.ok("{}").after(Duration.ofSeconds(5)))
                .always(Reply.ok("{\"accepted\": 1, \"duplicates\": 0, \"rejected\": []}"));
        var tally =
            operatorClientFor(stub, sleeper).requestTimeout(Duration.ofMillis(200)).build()) {
      var response = tally.operator().ingestUsage(EVENTS).executeWithResponse();

      assertThat(response.attempts()).isEqualTo(2);
      assertThat(response.body().accepted()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0} is retried after HTTP 503")
  @ValueSource(strings = {"price book", "close"})
  void priceBookLoadAndCloseAreIdempotentSoRetried(String which) {
    String answer =
        which.equals("close")
            ? "{\"period\": \"2026-10\", \"closed\": 0, \"already_closed\": 4}"
            : "{\"revision\": 2}";
    try (var stub =
            StubServer.start().then(Reply.json(503, status(14, "busy"))).always(Reply.ok(answer));
        var tally = operatorClientFor(stub, sleeper).build()) {
      OperatorRequest<?> request =
          which.equals("close")
              ? tally.operator().closePeriod(BillingPeriod.of(2026, 10))
              : tally.operator().loadPriceBook("{\"version\": 1, \"skus\": []}");

      assertThat(request.isIdempotent()).isTrue();
      assertThat(request.executeWithResponse().attempts()).isEqualTo(2);
      assertThat(stub.requests()).hasSize(2);
    }
  }

  @ParameterizedTest(name = "a {0} is not retried after HTTP 503")
  @ValueSource(strings = {"grant", "adjustment"})
  void grantsAndAdjustmentsAreNotRetriedAfterAnAnswer(String which) {
    try (var stub =
            StubServer.start()
                .then(Reply.json(503, status(14, "busy")))
                .always(Reply.json(201, GRANTED));
        var tally = operatorClientFor(stub, sleeper).build()) {
      OperatorRequest<?> request = nonIdempotent(which).apply(tally.operator());

      assertThat(request.isIdempotent()).isFalse();
      assertThatThrownBy(request::execute)
          .isInstanceOfSatisfying(
              ServerException.class, e -> assertThat(e.attempts()).isEqualTo(1));
      assertThat(stub.requests()).hasSize(1);
      assertThat(sleeper.waits()).isEmpty();
    }
  }

  @ParameterizedTest(name = "a {0} is not retried after a timeout")
  @ValueSource(strings = {"grant", "adjustment"})
  void grantsAndAdjustmentsAreNotRetriedAfterATimeoutOnceSent(String which) {
    try (var stub =
            StubServer.start()
                .then(Reply.json(201, GRANTED).after(Duration.ofSeconds(5)))
                .always(Reply.json(201, GRANTED));
        var tally =
            operatorClientFor(stub, sleeper).requestTimeout(Duration.ofMillis(200)).build()) {
      assertThatThrownBy(() -> nonIdempotent(which).apply(tally.operator()).execute())
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.isTimeout()).isTrue();
                assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
              });
      assertThat(stub.requests()).hasSize(1);
    }
  }

  @ParameterizedTest(name = "a {0} is retried while the connection is refused")
  @ValueSource(strings = {"grant", "adjustment"})
  void grantsAndAdjustmentsAreRetriedWhenTheyNeverLeft(String which) throws IOException {
    int closedPort;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (var tally =
        TallyClient.builder()
            .baseUrl("http://127.0.0.1:" + closedPort)
            .operatorKey("TALLYOP1_k")
            .environment(n -> null)
            .sleeper(sleeper)
            .build()) {
      assertThatThrownBy(() -> nonIdempotent(which).apply(tally.operator()).execute())
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.getCause()).isInstanceOf(ConnectException.class);
              });
      assertThat(sleeper.waits()).hasSize(2);
    }
  }

  @Test
  void neverSentMeansTheConnectionFailedNotThatTheAnswerDidNotCome() {
    assertThat(HttpCaller.neverSent(new ConnectException("refused"))).isTrue();
    assertThat(HttpCaller.neverSent(new java.net.http.HttpConnectTimeoutException("slow")))
        .isTrue();
    assertThat(HttpCaller.neverSent(new HttpTimeoutException("request timed out"))).isFalse();
    assertThat(HttpCaller.neverSent(new IOException("connection reset"))).isFalse();
  }

  private static Function<OperatorApi, OperatorRequest<?>> nonIdempotent(String which) {
    return which.equals("grant")
        ? api -> api.grantCredits("acme", GRANT)
        : api -> api.addAdjustment("acme", ADJUSTMENT);
  }
}
