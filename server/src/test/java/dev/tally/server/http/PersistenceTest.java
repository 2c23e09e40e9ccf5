package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.Cluster;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data written, server and database closed and reopened: everything is still there. */
class PersistenceTest {

  @Test
  void theEmbeddedDatabaseKeepsEverythingAcrossARestart(@TempDir Path dataDir) {
    survivesRestart(DatabaseConfig.embedded(dataDir));
  }

  @Test
  void postgresqlKeepsEverythingAcrossARestart() {
    String url = System.getenv(Backend.POSTGRES_ENV);
    Assumptions.assumeTrue(
        url != null && !url.isBlank(), "PostgreSQL not configured (TALLY_TEST_POSTGRES_URL)");
    survivesRestart(Backend.freshPostgres(url));
  }

  private static void survivesRestart(DatabaseConfig database) {
    try (TestServer server = TestServer.on(database)) {
      TestServer.Tenant tenant =
          server.tenant("Durable", Instant.parse("2026-01-01T00:00:00Z"), "keep-me");
      Invoice invoice = tenant.invoice(YearMonth.of(2026, 4), InvoiceStatus.FINALIZED);
      String key = tenant.billingKey();
      String before = server.get("/api/v1/invoices/" + invoice.invoiceId(), key).body();

      server.restart();

      var after = server.get("/api/v1/invoices/" + invoice.invoiceId(), key);
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).isEqualTo(before);
      assertThat(server.get("/api/v1/invoices", key).body()).contains(invoice.invoiceId());
      List<Cluster> clusters = server.write(db -> db.clusters().list(tenant.orgId()));
      assertThat(clusters).extracting(Cluster::name).containsExactly("keep-me");
    }
  }
}
