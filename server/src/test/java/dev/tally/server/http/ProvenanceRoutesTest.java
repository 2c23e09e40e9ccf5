package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.InvoiceIds;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.WireJson;
import dev.tally.model.provenance.CreditDrawRow;
import dev.tally.model.provenance.DayRow;
import dev.tally.model.provenance.InvoiceProvenance;
import dev.tally.model.provenance.LineProvenance;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.demo.DemoOrganization;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.RatedMonths;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /tally/v1/invoices/{invoice_id}/provenance}: for every invoice, draft or finalized,
 * the rows of each line item add up to its quantity and total exactly, and the credit rows to the
 * credits applied; the Billing API's authentication, authorization and isolation apply.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class ProvenanceRoutesTest {

  private static final ObjectMapper JSON = WireJson.mapper();

  @Parameter Backend backend;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.on(backend);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String path(String invoiceId) {
    return "/tally/v1/invoices/" + invoiceId + "/provenance";
  }

  private List<Invoice> invoices(String key) throws Exception {
    HttpResponse<String> response = server.get("/api/v1/invoices", key);
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readValue(response.body(), ListInvoicesResponse.class).invoices();
  }

  private InvoiceProvenance provenance(String invoiceId, String key) throws Exception {
    HttpResponse<String> response = server.get(path(invoiceId), key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readValue(response.body(), InvoiceProvenance.class);
  }

  /** Every line item has its rows, and they add up to it exactly; credits add up too. */
  private static void assertAddsUp(Invoice invoice, InvoiceProvenance provenance) {
    assertThat(provenance.invoiceId()).isEqualTo(invoice.invoiceId());
    assertThat(provenance.status()).isEqualTo(invoice.status().raw());
    List<LineItem> lines = new ArrayList<>();
    invoice.invoiceItems().forEach(i -> lines.addAll(i.lineItems()));
    assertThat(provenance.lineItems()).hasSize(lines.size());
    for (LineProvenance line : provenance.lineItems()) {
      InvoiceItem item = invoice.invoiceItems().get(line.item());
      LineItem shown = item.lineItems().get(line.line());
      assertThat(line.clusterId()).isEqualTo(item.cluster().id());
      assertThat(line.days()).isNotEmpty();
      BigDecimal quantity =
          line.days().stream().map(DayRow::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal total =
          line.days().stream().map(DayRow::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(quantity).as(invoice.invoiceId()).isEqualByComparingTo(shown.quantity());
      assertThat(total).as(invoice.invoiceId()).isEqualByComparingTo(shown.total().amount());
    }
    BigDecimal credits =
        provenance.credits().stream()
            .map(CreditDrawRow::amount)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal applied =
        invoice.totals().stream()
            .filter(t -> t.currency().raw().equals("CRDB_CLOUD_CREDITS"))
            .map(t -> t.amount())
            .findFirst()
            .orElse(BigDecimal.ZERO);
    assertThat(credits).as(invoice.invoiceId()).isEqualByComparingTo(applied);
  }

  @Test
  void everyDemoInvoicesRowsAddUpToItsLineItems() throws Exception {
    String key =
        DemoOrganization.seed(server.tally()).stream()
            .filter(DemoOrganization.DemoKey::canReadInvoices)
            .findFirst()
            .orElseThrow()
            .token();
    List<Invoice> invoices = invoices(key);
    assertThat(invoices).hasSize(13);
    for (Invoice invoice : invoices) {
      InvoiceProvenance provenance = provenance(invoice.invoiceId(), key);
      assertAddsUp(invoice, provenance);
      assertThat(provenance.digest() != null).isEqualTo(invoice.status().raw().equals("FINALIZED"));
    }
  }

  @Test
  void creditsOverridesAndAMidMonthPriceChangeAddUp() throws Exception {
    String org = RatedMonths.seed(server, "org-" + UUID.randomUUID(), List.of("alpha", "beta"));
    String key = server.tenantKey(org);
    for (Invoice invoice : invoices(key)) {
      assertAddsUp(invoice, provenance(invoice.invoiceId(), key));
    }
    InvoiceProvenance september = provenance(InvoiceIds.monthly(org, RatedMonths.SEPTEMBER), key);
    // The list price rose on 16 September: two compute lines per cluster, one per price.
    assertThat(september.lineItems())
        .filteredOn(l -> l.sku().equals("standard.compute") && l.clusterId().equals("alpha"))
        .extracting(l -> l.unitCost().toPlainString())
        .containsExactly("0.1", "0.12");
    // The contract price applies from 10 September, the list price before.
    assertThat(september.lineItems())
        .filteredOn(l -> l.sku().equals("standard.storage") && l.clusterId().equals("alpha"))
        .flatExtracting(LineProvenance::days)
        .extracting(DayRow::priceSource)
        .containsOnly("LIST", "CONTRACT");
    assertThat(september.credits()).isNotEmpty();
    assertThat(september.credits())
        .allSatisfy(c -> assertThat(c.grantId()).isEqualTo(org + "-grant"));
    // The running month's draft has provenance too, with no digest.
    InvoiceProvenance november =
        provenance(
            InvoiceIds.monthly(org, new dev.tally.model.BillingPeriod(YearMonth.of(2026, 11))),
            key);
    assertThat(november.status()).isEqualTo("DRAFT");
    assertThat(november.digest()).isNull();
  }

  @Test
  void anotherOrganizationsInvoiceAnswersExactlyLikeAMissingOne() throws Exception {
    String acme = RatedMonths.seed(server, "org-" + UUID.randomUUID(), List.of("alpha"));
    TestServer.Tenant globex = server.tenant("Globex", Instant.parse("2026-08-20T00:00:00Z"), "g1");
    String globexKey = globex.billingKey();
    String acmeInvoice = InvoiceIds.monthly(acme, RatedMonths.SEPTEMBER);
    HttpResponse<String> foreign = server.get(path(acmeInvoice), globexKey);
    HttpResponse<String> missing = server.get(path(acmeInvoice + "x"), globexKey);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(foreign.body().replace(acmeInvoice, "ID"))
        .isEqualTo(missing.body().replace(acmeInvoice + "x", "ID"));
    assertThat(foreign.body()).contains("\"code\":5");
    // A draft id of the other organization too.
    String acmeDraft =
        InvoiceIds.monthly(acme, new dev.tally.model.BillingPeriod(YearMonth.of(2026, 11)));
    assertThat(server.get(path(acmeDraft), globexKey).statusCode()).isEqualTo(404);
    assertThat(server.get(path(acmeDraft), server.tenantKey(acme)).statusCode()).isEqualTo(200);
  }

  @Test
  void theBillingApisAuthenticationAndRolesApply() {
    String org = RatedMonths.seed(server, "org-" + UUID.randomUUID(), List.of("alpha"));
    String invoice = path(InvoiceIds.monthly(org, RatedMonths.SEPTEMBER));
    assertThat(server.get(invoice, null).statusCode()).isEqualTo(401);
    assertThat(server.get(invoice, "TALLY1_nope_nope").statusCode()).isEqualTo(401);
    // An operator key cannot read invoices: 401, as on the Billing API.
    String operator = server.operatorKey();
    assertThat(server.get(invoice, operator).statusCode())
        .isEqualTo(server.get("/api/v1/invoices", operator).statusCode())
        .isEqualTo(401);
    TestServer.Tenant tenant = new TestServer.Tenant(server, org, List.of());
    for (Role role : Role.values()) {
      for (ResourceType scope : ResourceType.values()) {
        String resource = scope == ResourceType.ORGANIZATION ? org : "alpha";
        String key = tenant.key(new RoleGrant(role, scope, resource));
        boolean allowed =
            scope == ResourceType.ORGANIZATION
                && (role == Role.BILLING_COORDINATOR || role == Role.CLUSTER_ADMIN);
        HttpResponse<String> get = server.get(invoice, key);
        HttpResponse<String> head =
            server.send(
                HttpRequest.newBuilder(server.uri(invoice))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + key)
                    .build());
        assertThat(get.statusCode()).as(role + "@" + scope).isEqualTo(allowed ? 200 : 403);
        assertThat(head.statusCode()).as("HEAD " + role + "@" + scope).isEqualTo(get.statusCode());
        assertThat(head.body()).isEmpty();
      }
    }
  }

  @Test
  void anImportedInvoiceHasNoProvenanceAndSaysWhy() throws Exception {
    TestServer.Tenant tenant =
        server.tenant("Imported", Instant.parse("2026-08-20T00:00:00Z"), "a1");
    Invoice imported =
        tenant.invoice(YearMonth.of(2026, 3), dev.tally.model.InvoiceStatus.FINALIZED);
    HttpResponse<String> response = server.get(path(imported.invoiceId()), tenant.billingKey());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("imported").doesNotContain("Exception");
  }
}
