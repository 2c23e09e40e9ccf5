package dev.tally.engine;

import static dev.tally.engine.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.model.QuantityUnit;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which price is in force for an organization, a SKU and a day. */
class PriceBookTest {

  static final Price RU_2024 =
      Price.of("ru", "Request units", QuantityUnit.REQUEST_UNITS, "0.0000002", "2024-01-01");
  static final Price RU_JULY =
      Price.of("ru", "Request units", QuantityUnit.REQUEST_UNITS, "0.00000025", "2024-07-01");
  static final PriceOverride ACME = PriceOverride.of("org_acme", "ru", "0.00000015", "2024-03-01");
  static final PriceOverride ACME_LATER =
      PriceOverride.of("org_acme", "ru", "0.00000012", "2024-09-01");

  static final PriceBook BOOK = new PriceBook(List.of(RU_JULY, RU_2024), List.of(ACME_LATER, ACME));

  static LocalDate day(String iso) {
    return LocalDate.parse(iso);
  }

  @Test
  void theLatestVersionOnOrBeforeTheDayIsInForce() {
    assertThat(BOOK.priceFor("org_x", "ru", day("2024-06-30"))).contains(RU_2024);
    assertThat(BOOK.priceFor("org_x", "ru", day("2024-07-01"))).contains(RU_JULY);
    assertThat(BOOK.priceFor("org_x", "ru", day("2030-01-01"))).contains(RU_JULY);
  }

  @Test
  void thereIsNoPriceBeforeTheFirstVersionNorForAnUnknownSku() {
    assertThat(BOOK.priceFor("org_x", "ru", day("2023-12-31"))).isEmpty();
    assertThat(BOOK.priceFor("org_x", "storage", day("2024-06-30"))).isEmpty();
  }

  @Test
  void anOverrideWinsFromItsDayOnAndTheLatestOverrideWins() {
    assertThat(BOOK.priceFor("org_acme", "ru", day("2024-02-29"))).contains(RU_2024);
    assertThat(BOOK.priceFor("org_acme", "ru", day("2024-03-01")))
        .contains(
            new Price(
                "ru",
                "Request units",
                QuantityUnit.REQUEST_UNITS,
                dec("0.00000015"),
                day("2024-03-01")));
    // The list price rose in July; the contract price still applies.
    assertThat(BOOK.priceFor("org_acme", "ru", day("2024-07-15")).orElseThrow().unitPrice())
        .isEqualTo(dec("0.00000015"));
    assertThat(BOOK.priceFor("org_acme", "ru", day("2024-09-01")).orElseThrow().unitPrice())
        .isEqualTo(dec("0.00000012"));
    assertThat(BOOK.listPriceFor("ru", day("2024-09-01"))).contains(RU_JULY);
  }

  @Test
  void anOverrideDoesNotPutASkuOnSaleBeforeItsFirstListPrice() {
    PriceBook early = new PriceBook(List.of(RU_JULY), List.of(ACME));
    assertThat(early.priceFor("org_acme", "ru", day("2024-06-30"))).isEmpty();
    assertThat(early.priceFor("org_acme", "ru", day("2024-07-01")).orElseThrow().unitPrice())
        .isEqualTo(dec("0.00000015"));
  }

  @Test
  void unitPricesAreKeptInCanonicalForm() {
    assertThat(Price.of("x", "X", QuantityUnit.HOURS, "0.10", "2024-01-01").unitPrice())
        .isEqualTo(dec("0.1"));
    assertThat(Price.of("x", "X", QuantityUnit.HOURS, "1E+1", "2024-01-01").unitPrice())
        .isEqualTo(dec("10"));
  }

  @Test
  void booksAreEqualWhateverTheOrderOfTheirEntries() {
    assertThat(new PriceBook(List.of(RU_2024, RU_JULY), List.of(ACME, ACME_LATER))).isEqualTo(BOOK);
    assertThat(BOOK.prices()).containsExactly(RU_2024, RU_JULY);
  }

  @Test
  void everyBrokenRuleIsReported() {
    assertThatThrownBy(
            () ->
                new PriceBook(
                    List.of(
                        RU_2024,
                        Price.of(
                            "ru",
                            "Request units",
                            QuantityUnit.REQUEST_UNITS,
                            "0.0000003",
                            "2024-01-01"),
                        Price.of("ru", "RUs", QuantityUnit.HOURS, "0.0000003", "2024-02-01")),
                    List.of(
                        PriceOverride.of("org_acme", "storage", "0.1", "2024-01-01"), ACME, ACME)))
        .isInstanceOfSatisfying(
            InvalidPriceBookException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "price #1 (sku \"ru\"): duplicate effective_from 2024-01-01 (the sku already has a price from that day)",
                        "price #2 (sku \"ru\"): description \"RUs\" differs from \"Request units\" in price #0; all versions of a sku share one description",
                        "price #2 (sku \"ru\"): quantity_unit HOURS differs from REQUEST_UNITS in price #0; all versions of a sku share one quantity_unit",
                        "override #0 (organization_id \"org_acme\", sku \"storage\"): its sku has no list price",
                        "override #2 (organization_id \"org_acme\", sku \"ru\"): duplicate effective_from 2024-03-01 (the organization already has a price for the sku from that day)"));
  }

  @Test
  void negativePricesAndUnknownUnitsAreRejected() {
    assertThatThrownBy(() -> Price.of("x", "X", QuantityUnit.HOURS, "-0.01", "2024-01-01"))
        .hasMessage("unit_price must not be negative, was -0.01");
    assertThatThrownBy(() -> Price.of("x", "X", QuantityUnit.UNKNOWN, "0.01", "2024-01-01"))
        .hasMessage("quantity_unit must be a known unit, not UNKNOWN");
    assertThatThrownBy(() -> PriceOverride.of("org", "x", "-1", "2024-01-01"))
        .hasMessage("unit_price must not be negative, was -1");
  }
}
