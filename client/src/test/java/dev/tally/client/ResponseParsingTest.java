package dev.tally.client;

import static dev.tally.client.Fixtures.clientFor;
import static dev.tally.client.Fixtures.invoice;
import static dev.tally.client.Fixtures.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import dev.tally.model.Currency;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.QuantityUnit;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ResponseParsingTest {

  private final RecordingSleeper sleeper = new RecordingSleeper();

  private Invoice fetch(String body) {
    try (var stub = StubServer.start().always(Reply.ok(body));
        var tally = clientFor(stub, sleeper).build()) {
      return tally.billing().getInvoice("inv-1").execute();
    }
  }

  @Test
  void amountsAreExactDecimalsReadFromTheNumberText() {
    Invoice invoice = fetch(invoice("inv-1", "FINALIZED", "12345678901234.56", "0.1", "1e-7"));

    BigDecimal total = invoice.totals().get(0).amount();
    assertThat(total).isEqualTo(new BigDecimal("12345678901234.56"));
    assertThat(total.toPlainString()).isEqualTo("12345678901234.56");
    assertThat(invoice.balances().get(0).amount()).isEqualTo(new BigDecimal("0.1"));
    BigDecimal credit = invoice.adjustments().get(0).amount().amount();
    assertThat(credit.compareTo(new BigDecimal("0.0000001"))).isZero();
    assertThat(invoice.invoiceItems().get(0).lineItems().get(0).unitCost())
        .isEqualByComparingTo("0.0000002");
  }

  @Test
  void invoiceFieldsAreMappedFromTheWire() {
    Invoice invoice = fetch(invoice("inv-1"));

    assertThat(invoice.invoiceId()).isEqualTo("inv-1");
    assertThat(invoice.status().is(InvoiceStatus.FINALIZED)).isTrue();
    assertThat(invoice.periodStart()).hasToString("2024-01-01T00:00:00Z");
    assertThat(invoice.adjustments().get(0).amount().currency().is(Currency.CRDB_CLOUD_CREDITS))
        .isTrue();
    var item = invoice.invoiceItems().get(0);
    assertThat(item.cluster().name()).isEqualTo("prod");
    assertThat(item.lineItems().get(0).quantityUnit().is(QuantityUnit.REQUEST_UNITS)).isTrue();
  }

  @Test
  void unknownEnumValuesAndExtraFieldsAreTolerated() {
    String body =
        invoice("inv-1", "PAST_DUE", "1", "1", "1")
            .replace("\"USD\"}]", "\"EUR\"}]")
            .replace("\"invoice_id\"", "\"new_field\": {\"nested\": [1, 2]}, \"invoice_id\"");

    Invoice invoice = fetch(body);

    assertThat(invoice.status().value()).isEqualTo(InvoiceStatus.UNKNOWN);
    assertThat(invoice.status().raw()).isEqualTo("PAST_DUE");
    assertThat(invoice.status().isKnown()).isFalse();
    assertThat(invoice.totals().get(0).currency().value()).isEqualTo(Currency.UNKNOWN);
    assertThat(invoice.totals().get(0).currency().raw()).isEqualTo("EUR");
  }

  @Test
  void listResponseKeepsOrderAndEmptyListParses() {
    try (var stub =
            StubServer.start().then(Reply.ok(list(invoice("a"), invoice("b"))), Reply.ok("{}"));
        var tally = clientFor(stub, sleeper).build()) {
      assertThat(tally.billing().listInvoices().execute().invoices())
          .extracting(Invoice::invoiceId)
          .containsExactly("a", "b");
      assertThat(tally.billing().listInvoices().execute().invoices()).isEmpty();
    }
  }

  @Test
  void malformedJsonIsAnUnexpectedResponseWithTheRealStatus() {
    try (var stub = StubServer.start().always(Reply.ok("{\"invoice_id\": \"inv-1\", \"period_"));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().getInvoice("inv-1").execute())
          .isInstanceOfSatisfying(
              UnexpectedResponseException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(200);
                assertThat(e.contentType()).contains("application/json");
                assertThat(e.attempts()).isEqualTo(1);
              })
          .hasMessageContaining("expected a JSON Invoice")
          .hasMessageContaining("HTTP 200")
          .hasMessageContaining("{\"invoice_id\": \"inv-1\", \"period_");
      assertThat(stub.requests()).hasSize(1);
    }
  }

  @Test
  void jsonOfTheWrongShapeIsAnUnexpectedResponse() {
    assertThatThrownBy(() -> fetch("{\"invoices\": []}"))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("invoice_id");
    assertThatThrownBy(() -> fetch("null")).isInstanceOf(UnexpectedResponseException.class);
    assertThatThrownBy(() -> fetch(invoice("inv-1") + " trailing"))
        .isInstanceOf(UnexpectedResponseException.class);
  }

  @Test
  void htmlErrorPageFromAProxyIsReportedAfterRetriesWithWhatWasReceived() {
    String html =
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n"
            + "<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n"
            + "x".repeat(500)
            + "</body></html>";
    try (var stub = StubServer.start().always(Reply.of(502, "text/html; charset=utf-8", html));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().listInvoices().execute())
          .isInstanceOfSatisfying(
              UnexpectedResponseException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(502);
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.contentType()).contains("text/html; charset=utf-8");
                assertThat(e.rawBody()).isEqualTo(html);
                assertThat(e.bodySnippet())
                    .startsWith("<html> <head><title>502 Bad Gateway</title></head> <body>")
                    .hasSize(UnexpectedResponseException.SNIPPET_LENGTH + 1)
                    .endsWith("…");
              })
          .hasMessageContaining("HTTP 502")
          .hasMessageContaining("text/html")
          .hasMessageContaining("502 Bad Gateway")
          .hasMessageContaining("gave up after 3 attempts")
          .hasMessageNotContaining("x".repeat(UnexpectedResponseException.SNIPPET_LENGTH));
      assertThat(stub.requests()).hasSize(3);
    }
  }

  @Test
  void errorStatusWithEmptyBodyIsAnUnexpectedResponse() {
    try (var stub = StubServer.start().always(Reply.of(404, "text/plain", ""));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().getInvoice("x").execute())
          .isInstanceOfSatisfying(
              UnexpectedResponseException.class, e -> assertThat(e.statusCode()).isEqualTo(404))
          .hasMessageContaining("an empty body");
    }
  }
}
