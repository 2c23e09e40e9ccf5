package dev.tally.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.ApiException;
import dev.tally.client.BadRequestException;
import dev.tally.client.NotFoundException;
import dev.tally.client.PermissionDeniedException;
import dev.tally.client.ServerException;
import dev.tally.client.TallyClient;
import dev.tally.client.TallyException;
import dev.tally.client.TransportException;
import dev.tally.client.UnauthenticatedException;
import dev.tally.client.UnexpectedResponseException;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.OpenEnum;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.YearMonth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each class of failure, as a real server (or a real closed port) produces it, arrives as its own
 * exception type with the server's status body.
 */
class ErrorClassesTest {

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

  private TallyClient clientWithKey(String key) {
    return TallyClient.builder().baseUrl(seeded.url()).apiKey(key).maxRetries(0).build();
  }

  @Test
  void aStatusTheServerDoesNotKnowIsABadRequest() {
    var paid = OpenEnum.parse(InvoiceStatus.class, "PAID");

    assertThatThrownBy(() -> tally.billing().listInvoices().status(paid).execute())
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.code()).isEqualTo(3);
              assertThat(e.codeName()).isEqualTo("INVALID_ARGUMENT");
              assertThat(e.serverMessage())
                  .isEqualTo("status must be FINALIZED or DRAFT, got 'PAID'");
              assertThat(e.details()).isEmpty();
              assertThat(e.uri().getRawQuery()).isEqualTo("status=PAID");
            });
  }

  @Test
  void aStartAfterTheEndIsABadRequest() {
    var request =
        tally
            .billing()
            .listInvoices()
            .startTime(SeededServer.startOf(YearMonth.of(2026, 6)))
            .endTime(SeededServer.startOf(YearMonth.of(2026, 3)));

    assertThatThrownBy(request::execute)
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e ->
                assertThat(e.serverMessage())
                    .isEqualTo(
                        "start_time 2026-06-01T00:00:00Z is after end_time 2026-03-01T00:00:00Z"));
  }

  @Test
  void anUnknownKeyIsUnauthenticated() {
    try (TallyClient stranger = clientWithKey("TALLY1_nosuchkey_nosecret")) {
      assertThatThrownBy(() -> stranger.billing().listInvoices().execute())
          .isInstanceOfSatisfying(
              UnauthenticatedException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(401);
                assertThat(e.code()).isEqualTo(16);
                assertThat(e.serverMessage())
                    .isEqualTo("the API key is not valid: it is unknown, revoked or expired");
                assertThat(e.getMessage()).doesNotContain("nosecret");
              });
    }
  }

  @Test
  void aRevokedKeyIsUnauthenticated() {
    String key = seeded.acme.billingKey();
    try (TallyClient client = clientWithKey(key)) {
      assertThat(client.billing().listInvoices().execute().invoices()).isNotEmpty();
      seeded
          .server
          .tally()
          .tx()
          .write(db -> db.apiKeys().revoke(key.split("_")[1], java.time.Instant.now()));
      // Revoked behind the server's back: it stops working once the key cache's bound passes.
      seeded.server.clock().advance(dev.tally.server.auth.CredentialCache.DEFAULT_STALENESS);

      assertThatThrownBy(() -> client.billing().listInvoices().execute())
          .isInstanceOf(UnauthenticatedException.class);
    }
  }

  @Test
  void aRoleWithoutBillingPermissionIsPermissionDenied() {
    String developer =
        seeded.acme.key(
            new RoleGrant(Role.CLUSTER_DEVELOPER, ResourceType.ORGANIZATION, seeded.acme.orgId()));
    try (TallyClient client = clientWithKey(developer)) {
      assertThatThrownBy(() -> client.billing().listInvoices().execute())
          .isInstanceOfSatisfying(
              PermissionDeniedException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.code()).isEqualTo(7);
                assertThat(e.codeName()).isEqualTo("PERMISSION_DENIED");
              });
      String invoiceId = seeded.invoices.get(YearMonth.of(2026, 9)).invoiceId();
      assertThatThrownBy(() -> client.billing().getInvoice(invoiceId).execute())
          .isInstanceOf(PermissionDeniedException.class);
    }
  }

  @Test
  void anUnknownInvoiceAndAnotherOrganizationsInvoiceAreBothNotFound() {
    for (String id : new String[] {"no-such-invoice", seeded.umbrellaInvoice.invoiceId()}) {
      assertThatThrownBy(() -> tally.billing().getInvoice(id).execute())
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(404);
                assertThat(e.code()).isEqualTo(5);
                assertThat(e.serverMessage()).isEqualTo("invoice " + id + " does not exist");
              });
    }
  }

  @Test
  void aClosedPortIsATransportFailureRetriedAsConfigured() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (TallyClient nowhere =
        TallyClient.builder()
            .baseUrl("http://127.0.0.1:" + closedPort)
            .apiKey(seeded.acmeKey)
            .maxRetries(1)
            .build()) {
      assertThatThrownBy(() -> nowhere.billing().listInvoices().execute())
          .isInstanceOfSatisfying(
              TransportException.class,
              e -> {
                assertThat(e.isTimeout()).isFalse();
                assertThat(e.attempts()).isEqualTo(2);
                assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
                assertThat(e.uri().getPort()).isEqualTo(closedPort);
              });
    }
  }

  @Test
  void aServerWhoseDatabaseIsDownAnswersAServerError() {
    try (SeededServer broken = SeededServer.embedded();
        TallyClient client = broken.client()) {
      broken.server.tally().close();

      assertThatThrownBy(() -> client.billing().listInvoices().execute())
          .isInstanceOfSatisfying(
              ServerException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.codeName()).isEqualTo("UNAVAILABLE");
                assertThat(e.serverMessage())
                    .isEqualTo("the database is unavailable; try again shortly");
              });
    }
  }

  @Test
  void everyFailureIsATallyExceptionWhoseKindASwitchCanTell() {
    Throwable thrown = catchFailure(() -> tally.billing().getInvoice("no-such-invoice").execute());

    String kind =
        switch ((TallyException) thrown) {
          case ApiException api -> "api " + api.statusCode();
          case TransportException transport -> "transport";
          case UnexpectedResponseException unexpected -> "unexpected";
        };
    assertThat(kind).isEqualTo("api 404");
  }

  private static Throwable catchFailure(Runnable call) {
    try {
      call.run();
    } catch (TallyException e) {
      return e;
    }
    throw new AssertionError("expected a TallyException");
  }
}
