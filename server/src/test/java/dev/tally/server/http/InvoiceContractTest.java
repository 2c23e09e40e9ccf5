package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.WireJson;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every answer of both endpoints, validated against Tally's OpenAPI document and, when it is beside
 * the repository, the reference contract.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class InvoiceContractTest {

  @Parameter Backend backend;

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final String GET_PATH = "/api/v1/invoices/{invoice_id}";
  private static TestServer server;
  private static TestServer.Tenant tenant;
  private static Invoice stored;
  private static String key;

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    server = TestServer.on(backend);
    tenant =
        server.tenant("Contract", Instant.parse("2025-06-01T00:00:00Z"), "zeta", "alpha", "mid");
    stored = tenant.invoice(YearMonth.of(2026, 8), InvoiceStatus.FINALIZED);
    tenant.invoice(YearMonth.of(2026, 10), InvoiceStatus.DRAFT);
    key = tenant.billingKey();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  @Test
  void getInvoiceConformsAndCarriesEveryRequiredField() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/invoices/" + stored.invoiceId(), key);
    assertThat(response.statusCode()).isEqualTo(200);
    ContractValidator.assertConforms(GET_PATH, response);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.fieldNames())
        .toIterable()
        .contains(
            "invoice_id",
            "period_start",
            "period_end",
            "status",
            "totals",
            "balances",
            "adjustments",
            "invoice_items");
    JsonNode cluster = body.get("invoice_items").get(0).get("cluster");
    assertThat(cluster.fieldNames())
        .toIterable()
        .contains(
            "id",
            "name",
            "cockroach_version",
            "upgrade_status",
            "plan",
            "cloud_provider",
            "state",
            "creator_id",
            "operation_status",
            "config",
            "regions",
            "cidr_range",
            "labels",
            "is_customer_cloud_account");
    assertThat(body.get("period_start").asText()).isEqualTo("2026-08-01T00:00:00Z");
    assertThat(JSON.readValue(response.body(), Invoice.class)).isEqualTo(stored);
  }

  @Test
  void amountsAreJsonNumbersWrittenExactly() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/invoices/" + stored.invoiceId(), key);
    JsonNode total = JSON.readTree(response.body()).get("totals").get(0).get("amount");
    assertThat(total.isNumber()).isTrue();
    assertThat(total.decimalValue()).isEqualByComparingTo(stored.totals().get(0).amount());
    assertThat(response.body())
        .doesNotContainPattern("\"(amount|quantity|unit_cost)\":-?[0-9.]+[eE]");
    assertThat(stored.totals().get(0).amount()).isGreaterThan(BigDecimal.ZERO);
  }

  @Test
  void listConformsForEveryFilterCombination() {
    for (String query :
        new String[] {
          "",
          "?status=DRAFT",
          "?status=FINALIZED",
          "?start_time=2026-01-01T00:00:00Z",
          "?end_time=2026-12-01T00:00:00Z",
          "?status=DRAFT&start_time=2026-01-01T00:00:00Z&end_time=2027-01-01T00:00:00Z"
        }) {
      HttpResponse<String> response = server.get("/api/v1/invoices" + query, key);
      assertThat(response.statusCode()).as(query).isEqualTo(200);
      ContractValidator.assertConforms("/api/v1/invoices", response);
    }
  }

  @Test
  void everyErrorAnswerConformsAndHasTheMatchingGrpcCode() {
    String forbidden =
        tenant.key(new RoleGrant(Role.ORG_MEMBER, ResourceType.ORGANIZATION, tenant.orgId()));
    record Case(String path, String spec, String token, int status) {}
    for (Case c :
        new Case[] {
          new Case("/api/v1/invoices", "/api/v1/invoices", null, 401),
          new Case("/api/v1/invoices", "/api/v1/invoices", forbidden, 403),
          new Case("/api/v1/invoices?status=NOPE", "/api/v1/invoices", key, 400),
          new Case("/api/v1/invoices/" + stored.invoiceId(), GET_PATH, null, 401),
          new Case("/api/v1/invoices/" + stored.invoiceId(), GET_PATH, forbidden, 403),
          new Case("/api/v1/invoices/missing", GET_PATH, key, 404),
          new Case("/api/v1/invoices/" + "x".repeat(200), GET_PATH, key, 400)
        }) {
      HttpResponse<String> response = server.get(c.path(), c.token());
      assertThat(response.statusCode()).as(c.path()).isEqualTo(c.status());
      ContractValidator.assertConforms(c.spec(), response);
    }
  }
}
