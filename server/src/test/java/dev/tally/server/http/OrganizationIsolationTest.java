package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.WireJson;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Two organizations with many invoices: no key of one ever reads anything of the other. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class OrganizationIsolationTest {

  @Parameter Backend backend;

  private static final ObjectMapper JSON = WireJson.mapper();
  private static TestServer server;
  private static TestServer.Tenant acme;
  private static TestServer.Tenant globex;
  private static final Set<String> acmeIds = new HashSet<>();
  private static final Set<String> globexIds = new HashSet<>();

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    acmeIds.clear();
    globexIds.clear();
    server = TestServer.on(backend);
    acme = server.tenant("Acme", Instant.parse("2024-01-01T00:00:00Z"), "acme-a", "acme-b");
    globex = server.tenant("Globex", Instant.parse("2024-01-01T00:00:00Z"), "globex-a");
    // Every month up to the running one (November 2026), which the default list includes.
    for (YearMonth m = YearMonth.of(2024, 1);
        m.isBefore(YearMonth.of(2026, 12));
        m = m.plusMonths(1)) {
      InvoiceStatus status =
          m.isBefore(YearMonth.of(2026, 11)) ? InvoiceStatus.FINALIZED : InvoiceStatus.DRAFT;
      acmeIds.add(acme.invoice(m, status).invoiceId());
      globexIds.add(globex.invoice(m, status).invoiceId());
    }
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  @Test
  void listingsHoldOnlyTheCallersOwnInvoicesAndClusters() throws Exception {
    for (var pair :
        List.of(List.of(acme, acmeIds, "acme-"), List.of(globex, globexIds, "globex-"))) {
      TestServer.Tenant tenant = (TestServer.Tenant) pair.get(0);
      @SuppressWarnings("unchecked")
      Set<String> own = (Set<String>) pair.get(1);
      HttpResponse<String> response = server.get("/api/v1/invoices", tenant.billingKey());
      List<Invoice> invoices =
          JSON.readValue(response.body(), ListInvoicesResponse.class).invoices();
      assertThat(invoices).extracting(Invoice::invoiceId).containsExactlyInAnyOrderElementsOf(own);
      assertThat(invoices)
          .flatExtracting(Invoice::invoiceItems)
          .allSatisfy(item -> assertThat(item.cluster().name()).startsWith((String) pair.get(2)));
    }
  }

  @Test
  void anotherOrganizationsInvoiceIdAnswersExactlyLikeAMissingOne() {
    String acmeKey = acme.billingKey();
    for (String globexId : globexIds) {
      HttpResponse<String> foreign = server.get("/api/v1/invoices/" + globexId, acmeKey);
      HttpResponse<String> missing = server.get("/api/v1/invoices/" + globexId + "x", acmeKey);
      assertThat(foreign.statusCode()).isEqualTo(404);
      assertThat(foreign.body()).isEqualTo(missing.body().replace(globexId + "x", globexId));
    }
  }

  @Test
  void anotherOrganizationsInvoiceDownloadsAnswerExactlyLikeAMissingOne() {
    String acmeKey = acme.billingKey();
    for (String globexId : globexIds) {
      for (String format : List.of("pdf", "csv")) {
        HttpResponse<String> foreign =
            server.get("/tally/v1/invoices/" + globexId + "/" + format, acmeKey);
        HttpResponse<String> missing =
            server.get("/tally/v1/invoices/" + globexId + "x/" + format, acmeKey);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(missing.body().replace(globexId + "x", globexId));
      }
    }
    for (String acmeId : acmeIds) {
      HttpResponse<String> own = server.get("/tally/v1/invoices/" + acmeId + "/csv", acmeKey);
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(own.body()).contains(acmeId).doesNotContain("globex-");
      assertThat(server.get("/tally/v1/invoices/" + acmeId + "/pdf", acmeKey).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void theOrganizationAndCreditsRoutesShowOnlyTheCallersOwn() throws Exception {
    server.write(
        db ->
            db.organizations()
                .updateBillingContact(
                    globex.orgId(),
                    dev.tally.server.orgs.BillingContactRules.require(
                        "Globex Billing", "1 Globex Way", "ap@globex.example")));
    server.write(
        db ->
            db.creditGrants()
                .grant(
                    globex.orgId(),
                    new java.math.BigDecimal("700.00"),
                    Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2027-06-01T00:00:00Z"),
                    server.clock().instant()));
    String acmeKey = acme.billingKey();
    HttpResponse<String> organization = server.get("/tally/v1/organization", acmeKey);
    assertThat(organization.statusCode()).isEqualTo(200);
    assertThat(organization.body())
        .contains("\"id\":\"" + acme.orgId() + "\"")
        .doesNotContain(globex.orgId())
        .doesNotContain("Globex");
    HttpResponse<String> credits = server.get("/tally/v1/credits", acmeKey);
    assertThat(credits.statusCode()).isEqualTo(200);
    assertThat(credits.body()).contains("\"grants\":[]").doesNotContain("700.00");
    HttpResponse<String> theirs = server.get("/tally/v1/credits", globex.billingKey());
    assertThat(theirs.body()).contains("\"amount\":\"700.00\"");
    assertThat(server.get("/tally/v1/organization", globex.billingKey()).body())
        .contains("Globex Billing");
  }

  @Test
  void everyOwnInvoiceIsReadableAndNoForeignOneIs() {
    String globexKey =
        globex.key(new RoleGrant(Role.CLUSTER_ADMIN, ResourceType.ORGANIZATION, globex.orgId()));
    for (String id : globexIds) {
      assertThat(server.get("/api/v1/invoices/" + id, globexKey).statusCode()).isEqualTo(200);
    }
    for (String id : acmeIds) {
      assertThat(server.get("/api/v1/invoices/" + id, globexKey).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aGrantCannotNameAnotherOrganization() {
    String globexAccount =
        server
            .write(
                db ->
                    db.serviceAccounts().create(globex.orgId(), "sneaky", server.clock().instant()))
            .id();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                server.write(
                    db ->
                        db.serviceAccounts()
                            .grant(
                                globexAccount,
                                new RoleGrant(
                                    Role.BILLING_COORDINATOR,
                                    ResourceType.ORGANIZATION,
                                    acme.orgId()))))
        .hasMessageContaining("own organization");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                server.write(
                    db ->
                        db.serviceAccounts()
                            .grant(
                                globexAccount,
                                new RoleGrant(
                                    Role.CLUSTER_ADMIN,
                                    ResourceType.CLUSTER,
                                    acme.clusters().get(0).id()))))
        .hasMessageContaining("does not exist in organization");
  }
}
