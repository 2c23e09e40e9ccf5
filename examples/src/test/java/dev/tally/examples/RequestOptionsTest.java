package dev.tally.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.BadRequestException;
import dev.tally.client.RequestOptions;
import dev.tally.client.TallyClient;
import dev.tally.client.TransportException;
import dev.tally.client.UnauthenticatedException;
import dev.tally.model.Invoice;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-request settings ({@link RequestOptions}) against a real server. */
class RequestOptionsTest {

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
  void aPerRequestApiVersionTheServerKnowsIsAccepted() {
    var options = RequestOptions.builder().apiVersion(TallyClient.DEFAULT_API_VERSION).build();

    assertThat(tally.billing().listInvoices().options(options).execute().invoices()).hasSize(11);
  }

  @Test
  void aMalformedPerRequestApiVersionIsABadRequest() {
    var options = RequestOptions.builder().apiVersion("last-week").build();

    assertThatThrownBy(() -> tally.billing().listInvoices().options(options).execute())
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.codeName()).isEqualTo("INVALID_ARGUMENT");
              assertThat(e.serverMessage()).contains("Cc-Version").contains("last-week");
            });
  }

  @Test
  void anApiVersionOlderThanTheServersFirstIsABadRequestNamingTheSupportedOnes() {
    // The official SDK v1 pins 2023-04-10, whose schema lacks values Tally sends.
    var options = RequestOptions.builder().apiVersion("2023-04-10").build();

    assertThatThrownBy(() -> tally.billing().listInvoices().options(options).execute())
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.serverMessage())
                  .contains("Cc-Version 2023-04-10 is not supported")
                  .contains("2024-09-16 and later");
            });
  }

  @Test
  void aPerRequestApiKeyOverridesTheClientsKey() {
    var umbrella = RequestOptions.builder().apiKey(seeded.umbrellaKey).build();

    // Same client, other organization's key: that organization's invoices.
    assertThat(tally.billing().listInvoices().options(umbrella).execute().invoices())
        .containsExactly(seeded.umbrellaInvoice, seeded.umbrellaDraft);
    assertThat(
            tally
                .billing()
                .getInvoice(seeded.umbrellaInvoice.invoiceId())
                .options(umbrella)
                .execute())
        .isEqualTo(seeded.umbrellaInvoice);
    // The request without options still uses the client's key.
    assertThat(tally.billing().listInvoices().execute().invoices()).hasSize(11);
  }

  @Test
  void aPerRequestApiKeyWorksOnAClientWhoseOwnKeyIsRejected() {
    try (TallyClient stale =
        TallyClient.builder().baseUrl(seeded.url()).apiKey("TALLY1_wrong_key").build()) {
      assertThatThrownBy(() -> stale.billing().listInvoices().execute())
          .isInstanceOf(UnauthenticatedException.class);

      var options = RequestOptions.builder().apiKey(seeded.acmeKey).build();
      assertThat(stale.billing().listInvoices().options(options).execute().invoices()).hasSize(11);
    }
  }

  @Test
  void anExtraHeaderIsSentAlongAndTheSdksOwnHeadersCannotBeOverriddenThatWay() {
    Invoice september = seeded.invoices.get(YearMonth.of(2026, 9));
    var options =
        RequestOptions.builder()
            .header("X-Request-Id", "e2e-42")
            .header("Accept-Language", "en")
            .build();

    assertThat(tally.billing().getInvoice(september.invoiceId()).options(options).execute())
        .isEqualTo(september);
    assertThatThrownBy(() -> RequestOptions.builder().header("Authorization", "Bearer x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
  }

  @Test
  void aGenerousPerRequestTimeoutLetsTheAnswerArrive() {
    var options = RequestOptions.builder().timeout(Duration.ofSeconds(30)).build();

    assertThat(tally.billing().listInvoices().options(options).execute().invoices()).hasSize(11);
  }

  @Test
  void aPerRequestTimeoutEndsAWaitForAServerThatNeverAnswers() throws IOException {
    // A listener that accepts connections and never answers: only the timeout can end the wait.
    try (ServerSocket silent = new ServerSocket(0);
        TallyClient client =
            TallyClient.builder()
                .baseUrl("http://127.0.0.1:" + silent.getLocalPort())
                .apiKey(seeded.acmeKey)
                .requestTimeout(Duration.ofMinutes(5))
                .build()) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        accepted.add(silent.accept());
                      }
                    } catch (IOException closed) {
                      // the test is over
                    }
                  });
      var options = RequestOptions.builder().timeout(Duration.ofMillis(300)).maxRetries(1).build();
      long started = System.nanoTime();

      assertThatThrownBy(() -> client.billing().listInvoices().options(options).execute())
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> {
                assertThat(e.isTimeout()).isTrue();
                assertThat(e.attempts()).isEqualTo(2);
              });
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      acceptor.interrupt();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
