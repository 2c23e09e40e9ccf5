package dev.tally.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.CanonicalJson;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.LineItem;
import dev.tally.model.WireJson;
import dev.tally.model.provenance.DayRow;
import dev.tally.model.provenance.InvoiceProvenance;
import dev.tally.model.provenance.LineProvenance;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A rating record rates again to the same invoice and draws; provenance rows add up to their line
 * items exactly (with overrides, mid-month price changes and credits, which the generators make).
 */
class RatingRecordAndProvenancePropertiesTest {

  private static final ObjectMapper JSON = WireJson.mapper();

  @Test
  void aRecordRatesAgainToTheSameInvoiceAndDraws() {
    qt().withExamples(300)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              RatingInput input = scenario.input().withStatus(InvoiceStatus.FINALIZED);
              RatedInvoice rated = new InvoiceAssembler(scenario.priceBook()).assemble(input);
              RatingRecord record =
                  RatingRecord.of(7, scenario.priceBook(), input, rated.credits());
              RatingRecord read = RatingRecord.parse(record.toJson());
              assertThat(read).isEqualTo(record);
              // The close digests the record's tree; verify digests its stored text read back.
              assertThat(CanonicalJson.bytes(readTree(record.toJson())))
                  .isEqualTo(CanonicalJson.bytes(record.toTree()));
              // The close writes canonical bytes straight from the objects, verify from trees.
              JsonNode invoiceTree = JSON.valueToTree(rated.invoice());
              assertThat(CanonicalJson.bytesOf(record))
                  .isEqualTo(CanonicalJson.bytes(record.toTree()));
              assertThat(CanonicalJson.bytesOf(rated.invoice()))
                  .isEqualTo(CanonicalJson.bytes(invoiceTree));
              for (Optional<String> previous :
                  List.of(Optional.<String>empty(), Optional.of("ab12"))) {
                assertThat(
                        InvoiceDigest.ofCanonical(
                            CanonicalJson.bytesOf(record),
                            CanonicalJson.bytesOf(rated.invoice()),
                            previous))
                    .isEqualTo(InvoiceDigest.of(readTree(record.toJson()), invoiceTree, previous));
              }
              RatedInvoice again = new InvoiceAssembler(read.priceBook()).assemble(read.input());
              assertThat(again.invoice()).isEqualTo(rated.invoice());
              assertThat(again.credits().draws()).isEqualTo(read.creditDraws());
            });
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void provenanceRowsAddUpToEachLineItemExactly() {
    qt().withExamples(300)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              RatedInvoice rated = scenario.rate();
              InvoiceProvenance provenance =
                  Provenance.explain(
                      scenario.priceBook(), scenario.input(), rated, Optional.empty());
              Invoice invoice = rated.invoice();
              int lineCount =
                  invoice.invoiceItems().stream().mapToInt(i -> i.lineItems().size()).sum();
              assertThat(provenance.lineItems()).hasSize(lineCount);
              for (LineProvenance line : provenance.lineItems()) {
                InvoiceItem item = invoice.invoiceItems().get(line.item());
                LineItem shown = item.lineItems().get(line.line());
                assertThat(line.clusterId()).isEqualTo(item.cluster().id());
                BigDecimal quantity =
                    line.days().stream()
                        .map(DayRow::quantity)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal total =
                    line.days().stream()
                        .map(DayRow::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(quantity).isEqualByComparingTo(shown.quantity());
                assertThat(total).isEqualByComparingTo(shown.total().amount());
                assertThat(line.quantity()).isEqualByComparingTo(shown.quantity());
                assertThat(line.total()).isEqualByComparingTo(shown.total().amount());
                assertThat(line.days())
                    .allSatisfy(
                        d -> assertThat(d.unitCost()).isEqualByComparingTo(shown.unitCost()));
              }
              BigDecimal drawn =
                  provenance.credits().stream()
                      .map(c -> c.amount())
                      .reduce(BigDecimal.ZERO, BigDecimal::add);
              assertThat(drawn).isEqualByComparingTo(rated.credits().totalDrawn());
            });
  }

  @Test
  void theDigestIgnoresKeyOrderWhitespaceAndNumberFormatting() throws Exception {
    RatedInvoice april = BillingModelWorkedExampleTest.rateApril();
    RatingInput input =
        BillingModelWorkedExampleTest.aprilInput().withStatus(InvoiceStatus.FINALIZED);
    RatingRecord record =
        RatingRecord.of(3, BillingModelWorkedExampleTest.PRICES, input, april.credits());
    JsonNode invoice = JSON.valueToTree(april.invoice());
    String digest = InvoiceDigest.of(record.toTree(), invoice, Optional.empty());

    // The same documents written another way: spaces and new lines, 50.00 as 5.000E1.
    String reformatted =
        JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(invoice)
            .replace("\"amount\" : 50,", "\"amount\" : 5.000E1,");
    assertThat(reformatted).contains("5.000E1");
    JsonNode reread = JSON.readTree(reformatted);
    assertThat(InvoiceDigest.of(JSON.readTree(record.toJson()), reread, Optional.empty()))
        .isEqualTo(digest);
    assertThat(digest).hasSize(64).matches("[0-9a-f]{64}");
    // The value it has had since the encoding was fixed: a change here breaks every stored digest.
    assertThat(digest).isEqualTo(EXPECTED_APRIL_DIGEST);
    assertThat(
            InvoiceDigest.ofCanonical(
                CanonicalJson.bytesOf(record),
                CanonicalJson.bytesOf(april.invoice()),
                Optional.empty()))
        .isEqualTo(EXPECTED_APRIL_DIGEST);

    // ... and any change of value, or of the previous month's digest, changes it.
    assertThat(InvoiceDigest.of(record.toTree(), invoice, Optional.of(digest)))
        .isNotEqualTo(digest);
    JsonNode changed =
        JSON.readTree(reformatted.replace("\"amount\" : 5.000E1", "\"amount\" : 50.01"));
    assertThat(InvoiceDigest.of(record.toTree(), changed, Optional.empty())).isNotEqualTo(digest);
  }

  static final String EXPECTED_APRIL_DIGEST =
      "22a2d90958779efc1787fbf421650bd977714022b5de5689abc7152c709416f6";
}
