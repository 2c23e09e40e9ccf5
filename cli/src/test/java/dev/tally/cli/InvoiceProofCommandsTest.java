package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.cli.options.ApiCredentials;
import dev.tally.engine.InvoiceIds;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.WireJson;
import dev.tally.server.Tally;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.RatedMonths;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally invoices verify} on the database and {@code tally invoices explain} over HTTP. */
class InvoiceProofCommandsTest {

  @TempDir Path dir;

  @Test
  void verifySaysIdenticalThenFindsAChangedInvoiceAndExitsSeven() throws Exception {
    CliDatabase db = CliDatabase.created(dir.resolve("data"));
    BillingPeriod september = new BillingPeriod(YearMonth.of(2026, 9));
    try (Tally tally = db.open()) {
      tally.priceBooks().loadDefaultIfEmpty();
      tally
          .tx()
          .write(
              w -> w.organizations().create("acme", "Acme", Instant.parse("2026-09-01T00:00:00Z")));
      tally
          .tx()
          .write(
              w ->
                  w.clusters()
                      .create(
                          "acme",
                          new dev.tally.server.orgs.ClusterSpec(
                                  "acme-web",
                                  "web",
                                  dev.tally.model.Plan.STANDARD,
                                  dev.tally.model.CloudProvider.GCP,
                                  List.of("us-central1"),
                                  Map.of())
                              .toCluster(Instant.parse("2026-09-01T00:00:00Z"))));
      JsonNode event =
          WireJson.mapper()
              .valueToTree(
                  Map.of(
                      "event_id", "e1",
                      "organization_id", "acme",
                      "cluster_id", "acme-web",
                      "sku", "standard.compute",
                      "quantity", "123.5",
                      "timestamp", "2026-09-07T10:00:00Z"));
      assertThat(tally.ingestion().ingest(List.of(event)).accepted()).isEqualTo(1);
      tally.periodClose().close("acme", new BillingPeriod(YearMonth.of(2026, 10)));
    }

    CliRun clean = db.run("invoices", "verify", "--no-progress");
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    assertThat(clean.out().lines())
        .containsExactly(
            "IDENTICAL  2026-09  acme  " + InvoiceIds.monthly("acme", september),
            "IDENTICAL  2026-10  acme  " + InvoiceIds.monthly("acme", september.next()));
    assertThat(clean.err())
        .matches(
            "verified 2 invoices in \\d+\\.\\d s \\([\\d,]+ invoices?/s\\): 2 identical, 0 different, 0 imported\\n");

    try (Tally tally = db.open();
        Connection c = tally.database().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE invoices SET body = REPLACE(body, '\"amount\":12.35', '\"amount\":21.35')"
                    + " WHERE id = ?")) {
      s.setString(1, InvoiceIds.monthly("acme", september));
      assertThat(s.executeUpdate()).isEqualTo(1);
      c.commit();
    }
    CliRun tampered = db.run("invoices", "verify", "--org", "acme", "--differences-only");
    assertThat(tampered.exitCode()).isEqualTo(ExitCode.NOT_VERIFIED);
    assertThat(tampered.out())
        .isEqualTo(
            "DIFFERENT  2026-09  acme  inv_acme_2026-09  "
                + "invoice_items[0].line_items[0].total.amount: stored 21.35, re-derived 12.35\n");
    assertThat(tampered.err()).contains("1 different");

    assertThat(db.run("invoices", "verify", "--org", "nobody").exitCode()).isEqualTo(3);
    assertThat(db.run("invoices", "verify", "--period", "2026-9").exitCode()).isEqualTo(2);
    CliRun oneMonth = db.run("invoices", "verify", "--period", "2026-10");
    assertThat(oneMonth.exitCode()).isZero();
    assertThat(oneMonth.out().lines()).hasSize(1);
    assertThat(oneMonth.err()).startsWith("verified 1 invoice in ").contains("1 identical");

    // A closed month deleted whole is found when checked on its own.
    try (Tally tally = db.open();
        Connection c = tally.database().dataSource().getConnection()) {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM invoices WHERE id = ?")) {
        s.setString(1, InvoiceIds.monthly("acme", september));
        assertThat(s.executeUpdate()).isEqualTo(1);
      }
      c.commit();
    }
    CliRun gone = db.run("invoices", "verify", "--period", "2026-09", "--no-progress");
    assertThat(gone.exitCode()).as(gone.err()).isEqualTo(ExitCode.NOT_VERIFIED);
    assertThat(gone.out())
        .isEqualTo(
            "DIFFERENT  2026-09  acme  inv_acme_2026-09  invoice: stored nothing, expected a"
                + " FINALIZED invoice and its rating record (the month is closed)\n");
  }

  @Test
  void verifySaysPlainlyThatNothingIsClosedAndExitsThreeWhenAFilterMatchesNothing() {
    CliDatabase db = new CliDatabase(dir.resolve("data"));
    try (Tally tally = db.open()) {
      tally
          .tx()
          .write(
              w -> w.organizations().create("acme", "Acme", Instant.parse("2026-09-01T00:00:00Z")));
    }

    CliRun empty = db.run("invoices", "verify", "--no-progress");
    assertThat(empty.exitCode()).as(empty.err()).isZero();
    assertThat(empty.out()).isEmpty();
    assertThat(empty.err())
        .isEqualTo("verified 0 invoices: no month is closed and no invoice is finalized yet\n");

    CliRun future = db.run("invoices", "verify", "--period", "2030-01");
    assertThat(future.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(future.err())
        .isEqualTo(
            "error: nothing to verify: no organization has closed 2030-01"
                + " or holds a finalized invoice for it\n");
    CliRun org = db.run("invoices", "verify", "--org", "acme");
    assertThat(org.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(org.err())
        .isEqualTo(
            "error: nothing to verify: organization acme has closed no month"
                + " and holds no finalized invoice\n");
  }

  @Test
  void explainListsEachDayOfEachLineAndTheCreditsAsTableCsvAndJson() throws Exception {
    try (TestServer server =
        TestServer.on(
            DatabaseConfig.inMemory("cli" + UUID.randomUUID().toString().replace("-", "")))) {
      String org = RatedMonths.seed(server, "org-cli-" + UUID.randomUUID(), List.of("c-a", "c-b"));
      String key = server.tenantKey(org);
      String id = InvoiceIds.monthly(org, RatedMonths.SEPTEMBER);
      String url = "http://127.0.0.1:" + server.port();
      Invoice invoice =
          WireJson.mapper()
              .readValue(server.get("/api/v1/invoices/" + id, key).body(), Invoice.class);

      CliRun csv =
          CliRun.withEnv(
              Map.of(ApiCredentials.API_KEY_ENV, key),
              "invoices",
              "explain",
              id,
              "--cluster",
              "c-a",
              "--sku",
              "standard.compute",
              "-o",
              "csv",
              "--url",
              url);
      assertThat(csv.exitCode()).as(csv.err()).isZero();
      List<String> rows = csv.out().lines().toList();
      assertThat(rows.get(0))
          .isEqualTo(
              "invoice_id,status,digest,kind,item,line,cluster_id,cluster_name,sku,day,quantity,"
                  + "unit_cost,price,amount,grant");
      BigDecimal sum =
          rows.subList(1, rows.size()).stream()
              .map(r -> new BigDecimal(r.split(",")[13]))
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal expected =
          invoice.invoiceItems().stream()
              .filter(i -> i.cluster().id().equals("c-a"))
              .flatMap(i -> i.lineItems().stream())
              .filter(l -> l.description().equals("Standard provisioned compute"))
              .map(l -> l.total().amount())
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(sum).isEqualByComparingTo(expected);
      String digest =
          WireJson.mapper()
              .readTree(server.get("/tally/v1/invoices/" + id + "/provenance", key).body())
              .get("digest")
              .asText();
      assertThat(digest).matches("[0-9a-f]{64}");
      // Every row carries its invoice, status and digest, and its line item's position and cluster.
      assertThat(rows.subList(1, rows.size()))
          .isNotEmpty()
          .allMatch(
              r ->
                  r.matches(
                      id
                          + ",FINALIZED,"
                          + digest
                          + ",usage,\\d+,\\d+,c-a,c-a,standard\\.compute,2026-09-.*"));
      for (String row : rows.subList(1, rows.size())) {
        String[] cells = row.split(",");
        var item = invoice.invoiceItems().get(Integer.parseInt(cells[4]));
        assertThat(item.cluster().id()).isEqualTo("c-a");
        assertThat(item.lineItems().get(Integer.parseInt(cells[5])).description())
            .isEqualTo("Standard provisioned compute");
      }

      CliRun table =
          CliRun.withEnv(
              Map.of(ApiCredentials.API_KEY_ENV, key), "invoices", "explain", id, "--url", url);
      assertThat(table.exitCode()).as(table.err()).isZero();
      assertThat(table.out())
          .containsPattern(
              "KIND +ITEM +LINE +CLUSTER_ID +CLUSTER_NAME +SKU +DAY +QUANTITY +UNIT_COST +PRICE"
                  + " +AMOUNT +GRANT")
          .containsPattern("usage +0 +\\d +c-a +c-a +standard\\.compute +2026-09-01 ")
          .contains("CONTRACT")
          .containsPattern("credit +2026-09-01 .*" + org + "-grant")
          .containsPattern("FINALIZED  digest [0-9a-f]{64}\n");

      CliRun json =
          CliRun.withEnv(
              Map.of(ApiCredentials.API_KEY_ENV, key),
              "invoices",
              "explain",
              id,
              "-o",
              "json",
              "--url",
              url);
      JsonNode document = WireJson.mapper().readTree(json.out());
      assertThat(document.get("invoice_id").asText()).isEqualTo(id);
      assertThat(document.get("line_items").size()).isGreaterThan(4);

      CliRun missing =
          CliRun.withEnv(
              Map.of(ApiCredentials.API_KEY_ENV, key),
              "invoices",
              "explain",
              id + "x",
              "--url",
              url);
      assertThat(missing.exitCode()).isEqualTo(3);
    }
  }

  @Test
  void explainWithAClusterOrSkuNotOnTheInvoiceSaysSoInOneLineAndExitsThree() {
    try (TestServer server =
        TestServer.on(
            DatabaseConfig.inMemory("cli" + UUID.randomUUID().toString().replace("-", "")))) {
      String org = RatedMonths.seed(server, "org-cli-" + UUID.randomUUID(), List.of("c-a", "c-b"));
      Map<String, String> env = Map.of(ApiCredentials.API_KEY_ENV, server.tenantKey(org));
      String id = InvoiceIds.monthly(org, RatedMonths.SEPTEMBER);
      String url = "http://127.0.0.1:" + server.port();

      for (String format : List.of("table", "csv", "json")) {
        CliRun noCluster =
            CliRun.withEnv(
                env, "invoices", "explain", id, "--cluster", "nosuch", "-o", format, "--url", url);
        assertThat(noCluster.exitCode()).as(noCluster.err()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(noCluster.out()).isEmpty();
        assertThat(noCluster.err())
            .isEqualTo(
                "error: invoice "
                    + id
                    + " has no line item for cluster 'nosuch' (neither a cluster id nor, in any"
                    + " case, a cluster name on it)\n");
      }
      CliRun noSku =
          CliRun.withEnv(env, "invoices", "explain", id, "--sku", "basic.storage", "--url", url);
      assertThat(noSku.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
      assertThat(noSku.err())
          .isEqualTo("error: invoice " + id + " has no line item for SKU 'basic.storage'\n");
      CliRun noSkuOnCluster =
          CliRun.withEnv(
              env,
              "invoices",
              "explain",
              id,
              "--cluster",
              "c-b",
              "--sku",
              "Standard.Compute",
              "--url",
              url);
      assertThat(noSkuOnCluster.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
      assertThat(noSkuOnCluster.err())
          .isEqualTo(
              "error: invoice "
                  + id
                  + " has no line item for SKU 'Standard.Compute' on cluster 'c-b'\n");
    }
  }

  @Test
  void explainMatchesAClusterNameInAnyCase() {
    try (TestServer server =
        TestServer.on(
            DatabaseConfig.inMemory("cli" + UUID.randomUUID().toString().replace("-", "")))) {
      String org = RatedMonths.seed(server, "org-cli-" + UUID.randomUUID(), List.of("c-a", "c-b"));
      Map<String, String> env = Map.of(ApiCredentials.API_KEY_ENV, server.tenantKey(org));
      String id = InvoiceIds.monthly(org, RatedMonths.SEPTEMBER);
      String url = "http://127.0.0.1:" + server.port();

      // The clusters' ids are "c-a" and "c-b" and so are their names: "C-B" is no id (ids match
      // exactly), so it finds c-b by its name.
      CliRun upper =
          CliRun.withEnv(
              env, "invoices", "explain", id, "--cluster", "C-B", "-o", "csv", "--url", url);
      assertThat(upper.exitCode()).as(upper.err()).isZero();
      List<String> rows = upper.out().lines().skip(1).toList();
      assertThat(rows)
          .isNotEmpty()
          .allMatch(r -> r.contains(",usage,1,") && r.contains(",c-b,c-b,"));
    }
  }
}
