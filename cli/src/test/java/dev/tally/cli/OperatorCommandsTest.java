package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.SampleInvoices;
import dev.tally.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands, run as a person would, against the embedded database; the key they mint is
 * then used against a real server on the same data.
 */
class OperatorCommandsTest {

  @TempDir Path dir;
  private String db;

  @BeforeEach
  void pickDataDirectory() {
    db = CliDatabase.created(dir.resolve("data")).dataDir().toString();
  }

  private CliRun run(String... args) {
    String[] withDb = new String[args.length + 2];
    System.arraycopy(args, 0, withDb, 0, args.length);
    withDb[args.length] = "--data-dir";
    withDb[args.length + 1] = db;
    return CliRun.of(withDb);
  }

  @Test
  void anOperatorSetsUpATenantWhoseKeyThenReadsInvoicesOverHttp() throws Exception {
    String org = run("orgs", "create", "Initech", "--id", "initech").value();
    assertThat(org).isEqualTo("initech");
    assertThat(run("orgs", "list").out()).contains("initech").contains("Initech");

    String cluster =
        run(
                "clusters",
                "create",
                "--org",
                org,
                "--name",
                "payments",
                "--plan",
                "ADVANCED",
                "--cloud",
                "AWS",
                "--region",
                "us-east-1")
            .value();
    assertThat(run("clusters", "list", "--org", org).out())
        .contains(cluster)
        .contains("payments")
        .contains("ADVANCED");
    assertThat(
            run("clusters", "rename", "--org", org, "--id", cluster, "--name", "payments-v2")
                .exitCode())
        .isZero();
    assertThat(run("clusters", "list", "--org", org).out()).contains("payments-v2");

    String account = run("service-accounts", "create", "--org", org, "billing-bot").value();
    assertThat(run("service-accounts", "grant", account, "BILLING_COORDINATOR").out())
        .contains("BILLING_COORDINATOR on ORGANIZATION initech");
    assertThat(
            run("service-accounts", "grant", account, "CLUSTER_ADMIN", "--cluster", cluster)
                .exitCode())
        .isZero();
    assertThat(run("service-accounts", "list", "--org", org).out())
        .contains("billing-bot")
        .contains("BILLING_COORDINATOR on ORGANIZATION")
        .contains("CLUSTER_ADMIN on CLUSTER");
    assertThat(
            run("service-accounts", "revoke", account, "CLUSTER_ADMIN", "--cluster", cluster)
                .exitCode())
        .isZero();

    // Every duration unit of the settings works here too; the expiry is stated.
    CliRun shortLived = run("api-keys", "create", account, "--name", "soon", "--expires-in", "20s");
    assertThat(shortLived.exitCode()).as(shortLived.err()).isZero();
    java.time.Instant stated =
        java.time.Instant.parse(shortLived.err().replaceAll("(?s).*expiring (\\S+);.*", "$1"));
    assertThat(stated)
        .isBetween(java.time.Instant.now().plusSeconds(5), java.time.Instant.now().plusSeconds(21));
    CliRun created = run("api-keys", "create", account, "--name", "ci", "--expires-in", "30d");
    String token = created.value();
    assertThat(token).startsWith("TALLY1_");
    assertThat(created.err()).contains("shown only this once");
    CliRun listed = run("api-keys", "list", "--org", org);
    assertThat(listed.out())
        .contains("active")
        .contains("ci")
        .doesNotContain(token)
        .doesNotContain(token.substring(token.lastIndexOf('_') + 1));

    Path file = dir.resolve("invoices.json");
    var json = dev.tally.model.WireJson.mapper();
    var clusters =
        List.of(
            new ClusterSpec(
                    "11111111-2222-4333-8444-555555555555",
                    "imported",
                    dev.tally.model.Plan.BASIC,
                    dev.tally.model.CloudProvider.GCP,
                    List.of("us-central1"),
                    Map.of())
                .toCluster(Instant.EPOCH));
    Files.writeString(
        file,
        json.writeValueAsString(
            Map.of(
                "invoices",
                List.of(
                    SampleInvoices.forMonth(
                        "inv-2026-08", YearMonth.of(2026, 8), InvoiceStatus.FINALIZED, clusters, 1),
                    SampleInvoices.forMonth(
                        "inv-2026-09",
                        YearMonth.of(2026, 9),
                        InvoiceStatus.FINALIZED,
                        clusters,
                        1)))));
    assertThat(run("invoices", "import", "--org", org, file.toString()).out())
        .contains("imported 2 invoices: 2 created, 0 updated, 0 unchanged");
    assertThat(run("invoices", "import", "--org", org, file.toString()).out())
        .contains("imported 2 invoices: 0 created, 0 updated, 2 unchanged");
    // A month Tally bills is rated from its usage: no invoice from elsewhere may freeze it.
    YearMonth thisMonth = YearMonth.now(java.time.ZoneOffset.UTC);
    Path current = dir.resolve("current.json");
    Files.writeString(
        current,
        json.writeValueAsString(
            SampleInvoices.forMonth("inv-now", thisMonth, InvoiceStatus.DRAFT, clusters, 1)));
    CliRun refused = run("invoices", "import", "--org", org, current.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCode.CONFLICT);
    assertThat(refused.err())
        .startsWith("error: organization " + org + " is billed by Tally from " + thisMonth);

    try (TestServer server = TestServer.on(DatabaseConfig.embedded(Path.of(db)))) {
      server.clock().set(Instant.now());
      var response =
          server.get(
              "/api/v1/invoices?start_time=2026-01-01T00:00:00Z&end_time=2026-12-01T00:00:00Z",
              token);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains("inv-2026-08").contains("inv-2026-09");
    }

    String keyId = token.split("_")[1];
    assertThat(run("api-keys", "revoke", keyId).out()).contains("revoked " + keyId);
    assertThat(run("api-keys", "list", "--org", org).out()).contains("revoked");
  }

  @Test
  void failuresAreOneLineOnStderrWithAnExitCodePerClass() {
    CliRun missingOrg = run("clusters", "list", "--org", "nope");
    assertThat(missingOrg.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(missingOrg.err()).isEqualTo("error: organization nope does not exist\n");

    run("orgs", "create", "Dup", "--id", "dup");
    CliRun duplicate = run("orgs", "create", "Dup", "--id", "dup");
    assertThat(duplicate.exitCode()).isEqualTo(ExitCode.CONFLICT);
    assertThat(duplicate.err()).isEqualTo("error: organization dup already exists\n");

    CliRun badId = run("orgs", "create", "Bad", "--id", "../etc");
    assertThat(badId.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(badId.err().lines())
        .hasSize(1)
        .first()
        .asString()
        .startsWith("error: organization id may only contain");

    CliRun badDuration = run("api-keys", "create", "x", "--expires-in", "soon");
    assertThat(badDuration.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(badDuration.err()).startsWith("error: --expires-in takes a duration of at least 1s");
    for (String tooShort : new String[] {"0s", "500ms", "12"}) {
      assertThat(run("api-keys", "create", "x", "--expires-in", tooShort).exitCode())
          .as(tooShort)
          .isEqualTo(ExitCode.INVALID_INPUT);
    }

    CliRun badRole = run("service-accounts", "grant", "x", "EMPEROR");
    assertThat(badRole.exitCode()).isEqualTo(2);
    assertThat(badRole.err())
        .contains("EMPEROR")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void importRejectsBadFilesWithAClearReasonAndStoresNothing() throws Exception {
    run("orgs", "create", "Importer", "--id", "imp");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"invoices\": [{\"invoice_id\": \"x\"}]}");
    CliRun missingField = run("invoices", "import", "--org", "imp", bad.toString());
    assertThat(missingField.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(missingField.err()).isEqualTo("error: invoice #1 lacks the required field totals\n");

    Files.writeString(bad, "{not json");
    assertThat(run("invoices", "import", "--org", "imp", bad.toString()).err())
        .startsWith("error: not valid JSON at line 1");

    Files.writeString(
        bad,
        """
        {"invoice_id":"odd","period_start":"2026-01-05T00:00:00Z","period_end":"2026-02-05T00:00:00Z",
         "status":"FINALIZED","totals":[],"balances":[],"invoice_items":[]}""");
    assertThat(run("invoices", "import", "--org", "imp", bad.toString()).err())
        .contains("the period must be one calendar month in UTC");

    assertThat(
            run("invoices", "import", "--org", "imp", dir.resolve("absent.json").toString()).err())
        .startsWith("error: no such file");
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    for (String[] command :
        new String[][] {
          {},
          {"serve"},
          {"demo"},
          {"orgs"},
          {"orgs", "create"},
          {"clusters", "create"},
          {"service-accounts", "grant"},
          {"api-keys", "create"},
          {"invoices", "import"},
          {"invoices", "list"},
          {"invoices", "get"},
          {"generate-completion"}
        }) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      CliRun help = CliRun.of(args);
      assertThat(help.exitCode()).as(String.join(" ", command)).isZero();
      assertThat(help.out()).as(String.join(" ", command)).contains("Usage: tally");
    }
  }
}
