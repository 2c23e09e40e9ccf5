package dev.tally.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.Invoice;
import dev.tally.model.WireJson;
import org.junit.jupiter.api.Test;

/** The engine's invoice goes on the wire exactly: decimals written plainly, nothing lost. */
class InvoiceJsonTest {

  static final ObjectMapper JSON = WireJson.mapper();

  @Test
  void theWorkedExampleInvoiceIsWrittenWithExactDecimals() throws Exception {
    Invoice invoice = BillingModelWorkedExampleTest.rateApril().invoice();

    String json = JSON.writeValueAsString(invoice);
    JsonNode tree = JSON.readTree(json);

    assertThat(json)
        .contains("\"unit_cost\":0.00000025")
        .contains("\"quantity\":150000000")
        .doesNotContain("E-")
        .doesNotContain("E+");
    assertThat(tree.get("period_start").asText()).isEqualTo("2024-04-01T00:00:00Z");
    assertThat(tree.get("totals").get(0).get("amount").decimalValue())
        .isEqualByComparingTo("21.76");
    assertThat(tree.get("totals").get(1).get("currency").asText()).isEqualTo("CRDB_CLOUD_CREDITS");
    assertThat(tree.has("folder_resources")).isFalse();
    assertThat(JSON.readValue(json, Invoice.class)).isEqualTo(invoice);
  }
}
