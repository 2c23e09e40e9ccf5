package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each class of failure of {@code tally invoices list|get}, from a real server or a real socket:
 * one line on stderr, nothing on stdout, and the exit code of its class.
 */
class ApiCommandFailuresTest {

  private static BillingServer billing;

  @BeforeAll
  static void start() {
    billing = new BillingServer();
  }

  @AfterAll
  static void stop() {
    billing.close();
  }

  @Test
  void anUnknownKeyIsAnAuthFailureQuotingTheServer() {
    CliRun run = billing.runWithKey("TALLY1_nosuchkey_nosecret", "invoices", "list");

    assertThat(run.exitCode()).isEqualTo(ExitCode.AUTH);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: the API key was rejected (401 Unauthenticated): "
                + "the API key is not valid: it is unknown, revoked or expired\n");
  }

  @Test
  void aRevokedKeyIsAnAuthFailure() {
    String key = billing.globex.billingKey();
    assertThat(billing.runWithKey(key, "invoices", "list").exitCode()).isZero();
    billing
        .server
        .tally()
        .tx()
        .write(db -> db.apiKeys().revoke(key.split("_")[1], java.time.Instant.now()));
    // Revoked behind the server's back: it stops working once the key cache's bound passes.
    billing.server.clock().advance(dev.tally.server.auth.CredentialCache.DEFAULT_STALENESS);

    CliRun run =
        billing.runWithKey(
            key, "invoices", "get", billing.invoices.values().iterator().next().invoiceId());

    assertThat(run.exitCode()).isEqualTo(ExitCode.AUTH);
    assertThat(run.err()).startsWith("error: the API key was rejected (401 Unauthenticated)");
  }

  @Test
  void aKeyWithoutABillingRoleIsAnAuthFailure() {
    String developer =
        billing.globex.key(
            new RoleGrant(
                Role.CLUSTER_DEVELOPER, ResourceType.ORGANIZATION, billing.globex.orgId()));

    CliRun run = billing.runWithKey(developer, "invoices", "list");

    assertThat(run.exitCode()).isEqualTo(ExitCode.AUTH);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("error: the API key may not read invoices (403 Permission Denied): ")
        .hasLineCount(1);
  }

  @Test
  void anUnknownInvoiceIsNotFound() {
    CliRun run = billing.run("invoices", "get", "inv-nope");

    assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: invoice inv-nope not found (404)\n");
  }

  @Test
  void anUnknownInvoiceIsNotFoundOnTallysOwnRoutesToo() {
    for (String[] command :
        new String[][] {
          {"invoices", "explain", "inv-nope"},
          {"invoices", "get", "inv-nope", "-o", "csv"},
        }) {
      CliRun run = billing.run(command);

      assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(ExitCode.NOT_FOUND);
      assertThat(run.err())
          .as(String.join(" ", command))
          .isEqualTo("error: invoice inv-nope not found (404)\n");
    }
  }

  @Test
  void anIdIsEchoedAsTypedAndOneTheServerCannotHoldIsInvalidInput() {
    CliRun odd = billing.run("invoices", "get", "inv:2026~10.x");
    assertThat(odd.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(odd.err()).isEqualTo("error: invoice inv:2026~10.x not found (404)\n");

    for (String id : new String[] {"no such invoice", "a/b", "50%+more"}) {
      CliRun run = billing.run("invoices", "get", id);
      assertThat(run.exitCode()).as(id).isEqualTo(ExitCode.INVALID_INPUT);
      assertThat(run.err())
          .as(id)
          .startsWith(
              "error: the server rejected the request (400 Invalid Argument): "
                  + "invoice_id may only contain")
          .hasLineCount(1);
    }
    CliRun empty = billing.run("invoices", "get", "");
    assertThat(empty.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(empty.err()).isEqualTo("error: INVOICE_ID cannot be ''\n");
  }

  @Test
  void aUrlWithoutTheApiIsNotFoundSayingWhereItLooked() {
    CliRun run =
        CliRun.withEnv(
            Map.of("TALLY_API_KEY", billing.globexKey),
            "invoices",
            "list",
            "--url",
            billing.url() + "/billing");

    assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err())
        .hasLineCount(1)
        .startsWith(
            "error: nothing found at " + billing.url() + "/billing/api/v1/invoices (404 Not Found)")
        .endsWith("; is " + billing.url() + " the Tally server?\n");
  }

  @Test
  void anotherOrganizationsInvoiceIsNotFoundToo() {
    CliRun run = billing.run("invoices", "get", "precise-2026-10");

    assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(run.err()).isEqualTo("error: invoice precise-2026-10 not found (404)\n");
  }

  @Test
  void aWindowTheServerRefusesIsInvalidInputWithTheServersReason() {
    CliRun run = billing.run("invoices", "list", "--from", "2026-06", "--to", "2026-03");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: the server rejected the request (400 Invalid Argument): "
                + "start_time 2026-06-01T00:00:00Z is after end_time 2026-03-01T00:00:00Z\n");
  }

  @Test
  void aMalformedDateIsInvalidInputNamingTheOption() {
    CliRun run = billing.run("invoices", "list", "--from", "last tuesday");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .hasLineCount(1)
        .startsWith(
            "error: --from: expected a month "
                + "(2026-10), a day (2026-10-01) or an RFC 3339 time (2026-10-01T00:00:00Z), got 'last tuesday'");
    assertThat(billing.run("invoices", "list", "--to", "2026-13").err())
        .hasLineCount(1)
        .startsWith("error: --to: ")
        .contains("got '2026-13'");
    assertThat(billing.run("invoices", "list", "--to", "2026-02-30").exitCode())
        .isEqualTo(ExitCode.INVALID_INPUT);
  }

  @Test
  void anUnknownStatusOrFormatIsInvalidInputOnOneLine() {
    CliRun status = billing.run("invoices", "list", "--status", "PAID");
    assertThat(status.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(status.err())
        .hasLineCount(1)
        .contains("--status")
        .contains("PAID")
        .contains("FINALIZED")
        .contains("tally invoices list --help");

    CliRun format = billing.run("invoices", "get", "x", "-o", "yaml");
    assertThat(format.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(format.err()).hasLineCount(1).contains("yaml");
  }

  @Test
  void anUnreachableServerIsANetworkFailure() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CliRun run =
        CliRun.withEnv(
            Map.of("TALLY_API_KEY", billing.globexKey),
            "invoices",
            "list",
            "--url",
            "http://127.0.0.1:" + closedPort);

    assertThat(run.exitCode()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("error: cannot reach http://127.0.0.1:" + closedPort + ": connection refused\n");
  }

  @Test
  void aServerWhoseDatabaseIsDownIsAServerFailure() {
    try (BillingServer broken = new BillingServer()) {
      broken.server.tally().close();

      CliRun run = broken.run("invoices", "list");

      assertThat(run.exitCode()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .isEqualTo(
              "error: the server failed (503 Unavailable): "
                  + "the database is unavailable; try again shortly\n");
    }
  }

  @Test
  void noStackTraceUnlessDebugIsGiven() {
    CliRun quiet = billing.run("invoices", "get", "inv-nope");
    assertThat(quiet.err()).doesNotContain("\tat ").doesNotContain("Exception");

    CliRun debug = billing.run("invoices", "get", "inv-nope", "--debug");
    assertThat(debug.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(debug.err())
        .contains("dev.tally.client.NotFoundException")
        .contains("\tat ")
        .endsWith("error: invoice inv-nope not found (404)\n");
  }
}
