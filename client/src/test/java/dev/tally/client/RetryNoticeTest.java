package dev.tally.client;

import static dev.tally.client.Fixtures.operatorClientFor;
import static dev.tally.client.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import dev.tally.model.operator.UsageEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A request's onRetry listener hears of every retry before its wait, and of nothing else. */
class RetryNoticeTest {

  private static final List<UsageEvent> EVENTS =
      List.of(
          new UsageEvent(
              "evt-1",
              "acme",
              "c-1",
              "basic.storage",
              BigDecimal.TEN,
              Instant.parse("2026-10-04T12:00:00Z")));

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<RetryNotice> notices = new CopyOnWriteArrayList<>();

  private RequestOptions listening(int maxRetries) {
    return RequestOptions.builder().maxRetries(maxRetries).onRetry(notices::add).build();
  }

  @Test
  void eachRetriedAnswerIsToldWithItsStatusBodyAndTheWaitThatFollows() {
    try (var stub =
            StubServer.start()
                .then(
                    Reply.json(503, status(14, "restarting")),
                    Reply.of(502, "text/html", "<html>bad gateway</html>"))
                .always(Reply.ok("{\"accepted\": 1, \"duplicates\": 0, \"rejected\": []}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      var answer = tally.operator().ingestUsage(EVENTS).options(listening(4)).executeWithResponse();

      assertThat(answer.attempts()).isEqualTo(3);
      assertThat(notices)
          .satisfiesExactly(
              n -> {
                assertThat(n.retry()).isEqualTo(1);
                assertThat(n.maxRetries()).isEqualTo(4);
                assertThat(n.status()).hasValue(503);
                assertThat(n.body()).isEqualTo(status(14, "restarting"));
                assertThat(n.failure()).isEmpty();
              },
              n -> {
                assertThat(n.retry()).isEqualTo(2);
                assertThat(n.status()).hasValue(502);
                assertThat(n.body()).isEqualTo("<html>bad gateway</html>");
              });
      assertThat(notices).extracting(RetryNotice::delay).isEqualTo(sleeper.waits());
      assertThat(notices.getFirst().method()).isEqualTo("POST");
      assertThat(notices.getFirst().uri().getPath()).isEqualTo("/operator/v1/usage-events");
    }
  }

  @Test
  void aRetriedAnswersBodyIsCutToItsFirstKibibyte() {
    String big = "x".repeat(RetryNotice.MAX_BODY_BYTES * 50);
    try (var stub =
            StubServer.start()
                .then(Reply.of(503, "text/plain", big))
                .always(Reply.ok("{\"accepted\": 1, \"duplicates\": 0, \"rejected\": []}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      tally.operator().ingestUsage(EVENTS).options(listening(1)).execute();

      assertThat(notices)
          .singleElement()
          .satisfies(n -> assertThat(n.body()).hasSize(RetryNotice.MAX_BODY_BYTES));
    }
  }

  @Test
  void aRefusedConnectionIsToldWithItsFailureAndTheLastAttemptIsNotToldButThrown()
      throws IOException {
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
      assertThatThrownBy(() -> tally.operator().ingestUsage(EVENTS).options(listening(2)).execute())
          .isInstanceOfSatisfying(
              TransportException.class, e -> assertThat(e.attempts()).isEqualTo(3));

      assertThat(notices).extracting(RetryNotice::retry).containsExactly(1, 2);
      assertThat(notices)
          .allSatisfy(
              n -> {
                assertThat(n.status()).isEmpty();
                assertThat(n.body()).isEmpty();
                assertThat(n.failure()).containsInstanceOf(ConnectException.class);
              });
    }
  }

  @Test
  void anAnswerThatIsNotRetriedIsNeverTold() {
    try (var stub = StubServer.start().always(Reply.json(400, status(3, "bad batch")));
        var tally = operatorClientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.operator().ingestUsage(EVENTS).options(listening(3)).execute())
          .isInstanceOf(BadRequestException.class);

      assertThat(notices).isEmpty();
      assertThat(RequestOptions.builder().onRetry(n -> {}).build().toString())
          .isEqualTo("RequestOptions{onRetry=set}");
      assertThat(listening(3).toBuilder().build().onRetry()).isPresent();
    }
  }
}
