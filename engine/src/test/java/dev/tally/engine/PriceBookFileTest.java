package dev.tally.engine;

import static dev.tally.engine.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.model.QuantityUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading and writing the version-1 price book file, and the messages for each kind of bad entry.
 */
class PriceBookFileTest {

  static final String GOOD =
      """
      {
        "version": 1,
        "skus": [
          {"sku": "basic.request_units", "description": "Basic request units", "quantity_unit": "REQUEST_UNITS",
           "unit_price": "0.0000002", "effective_from": "2024-01-01"},
          {"sku": "basic.request_units", "description": "Basic request units", "quantity_unit": "REQUEST_UNITS",
           "unit_price": 0.00000025, "effective_from": "2024-07-01"},
          {"sku": "basic.storage", "description": "Basic storage", "quantity_unit": "GIB_HOURS",
           "unit_price": "0.000685", "effective_from": "2024-01-01"}
        ],
        "overrides": [
          {"organization_id": "org_acme", "sku": "basic.storage", "unit_price": "0.0005", "effective_from": "2024-03-01"}
        ]
      }
      """;

  /** A valid file with one sku entry replaced by {@code entry}. */
  static String withSku(String entry) {
    return """
        {"version": 1, "skus": [
          {"sku": "ok", "description": "OK", "quantity_unit": "HOURS", "unit_price": "1", "effective_from": "2024-01-01"},
          %s
        ]}"""
        .formatted(entry);
  }

  static List<String> problemsOf(String json) {
    try {
      PriceBookFile.parse(json);
    } catch (InvalidPriceBookException e) {
      return e.problems();
    }
    throw new AssertionError("expected the price book to be rejected");
  }

  @Test
  void aBookWithThousandsOfProblemsListsTheFirstFiftyAndCountsTheRest() {
    String empties = "{\"version\":1,\"skus\":[" + "{},".repeat(999) + "{}]}";

    assertThatThrownBy(() -> PriceBookFile.parse(empties))
        .isInstanceOfSatisfying(
            InvalidPriceBookException.class,
            e -> {
              assertThat(e.problems()).hasSize(ProblemList.MAX_KEPT);
              assertThat(e.total()).isGreaterThanOrEqualTo(1_000);
              assertThat(e.more()).isEqualTo("; and " + (e.total() - 50) + " more");
              assertThat(e.getMessage())
                  .startsWith("invalid price book, " + e.total() + " problems (the first 50):")
                  .hasSizeLessThan(10_000);
            });
  }

  @Test
  void aGoodFileIsReadExactly() {
    PriceBook book = PriceBookFile.parse(GOOD);

    assertThat(book.prices())
        .containsExactly(
            Price.of(
                "basic.request_units",
                "Basic request units",
                QuantityUnit.REQUEST_UNITS,
                "0.0000002",
                "2024-01-01"),
            Price.of(
                "basic.request_units",
                "Basic request units",
                QuantityUnit.REQUEST_UNITS,
                "0.00000025",
                "2024-07-01"),
            Price.of(
                "basic.storage",
                "Basic storage",
                QuantityUnit.GIB_HOURS,
                "0.000685",
                "2024-01-01"));
    assertThat(book.overrides())
        .containsExactly(PriceOverride.of("org_acme", "basic.storage", "0.0005", "2024-03-01"));
    // A JSON number is read from its text, never through a double.
    assertThat(
            book.listPriceFor("basic.request_units", LocalDate.parse("2024-07-01"))
                .orElseThrow()
                .unitPrice())
        .isEqualTo(dec("0.00000025"));
  }

  @Test
  void overridesMayBeLeftOut() {
    PriceBook book =
        PriceBookFile.parse(
            """
        {"version": 1, "skus": [{"sku": "a", "description": "A", "quantity_unit": "GIB",
          "unit_price": "0.09", "effective_from": "2024-01-01"}]}""");
    assertThat(book.overrides()).isEmpty();
  }

  @Test
  void writingThenReadingGivesTheSameBook(@TempDir Path dir) throws Exception {
    PriceBook book = PriceBookFile.parse(GOOD);
    Path file = dir.resolve("prices.json");

    PriceBookFile.write(book, file);

    assertThat(PriceBookFile.read(file)).isEqualTo(book);
    assertThat(Files.readString(file)).contains("\"unit_price\" : \"0.00000025\"");
  }

  @Test
  void theShippedDefaultPriceBookIsValid() {
    PriceBook book = PriceBookFile.defaultPriceBook();

    assertThat(book.skus())
        .contains(
            "basic.request_units",
            "basic.storage",
            "standard.compute",
            "advanced.compute",
            "dedicated.node.4vcpu_16gib",
            "data_transfer.internet_egress");
    assertThat(book.prices())
        .extracting(Price::quantityUnit)
        .contains(
            QuantityUnit.values()[0],
            QuantityUnit.REQUEST_UNITS,
            QuantityUnit.GIB,
            QuantityUnit.GIB_HOURS,
            QuantityUnit.VCPU_HOURS);
    assertThat(PriceBookFile.parse(PriceBookFile.toJson(book))).isEqualTo(book);
  }

  @Test
  void anUnknownUnitNamesTheEntryAndTheKnownUnits() {
    assertThat(
            problemsOf(
                withSku(
                    """
        {"sku": "disk", "description": "Disk", "quantity_unit": "GB", "unit_price": "1", "effective_from": "2024-01-01"}""")))
        .containsExactly(
            "skus[1] (sku \"disk\"): unknown quantity_unit \"GB\" (expected one of HOURS, REQUEST_UNITS, GIB, GIB_HOURS, VCPU_HOURS)");
  }

  @Test
  void aNegativePriceNamesTheEntry() {
    assertThat(
            problemsOf(
                withSku(
                    """
        {"sku": "disk", "description": "Disk", "quantity_unit": "GIB", "unit_price": "-0.5", "effective_from": "2024-01-01"}""")))
        .containsExactly("skus[1] (sku \"disk\"): unit_price must not be negative, was -0.5");
  }

  @Test
  void aDuplicateSkuAndEffectiveDateNamesTheEntry() {
    assertThat(
            problemsOf(
                withSku(
                    """
        {"sku": "ok", "description": "OK", "quantity_unit": "HOURS", "unit_price": "2", "effective_from": "2024-01-01"}""")))
        .containsExactly(
            "skus[1] (sku \"ok\"): duplicate effective_from 2024-01-01 (the sku already has a price from that day)");
  }

  @Test
  void aBadDateNamesTheEntry() {
    assertThat(
            problemsOf(
                withSku(
                    """
        {"sku": "disk", "description": "Disk", "quantity_unit": "GIB", "unit_price": "1", "effective_from": "2024-13-01"}""")))
        .containsExactly(
            "skus[1] (sku \"disk\"): \"effective_from\" must be a date yyyy-MM-dd, was \"2024-13-01\"");
    // LocalDate's own reading also takes a signed year of up to nine digits; a price book does not.
    for (String day :
        new String[] {"+999999999-01-01", "+2024-01-01", "02024-01-01", "2024-1-01"}) {
      assertThat(
              problemsOf(
                  withSku(
                      "{\"sku\": \"disk\", \"description\": \"Disk\", \"quantity_unit\": \"GIB\","
                          + " \"unit_price\": \"1\", \"effective_from\": \""
                          + day
                          + "\"}")))
          .containsExactly(
              "skus[1] (sku \"disk\"): \"effective_from\" must be a date yyyy-MM-dd, was \""
                  + day
                  + "\"");
    }
  }

  @Test
  void aBadPriceAMissingFieldAndAnUnknownFieldNameTheEntry() {
    assertThat(
            problemsOf(
                withSku(
                    """
        {"sku": "disk", "quantity_unit": "GIB", "unitprice": "1", "unit_price": "cheap", "effective_from": "2024-01-01"}""")))
        .containsExactly(
            "skus[1] (sku \"disk\"): unknown field \"unitprice\" (expected description, effective_from, quantity_unit, sku, unit_price)",
            "skus[1] (sku \"disk\"): \"description\" is missing",
            "skus[1] (sku \"disk\"): \"unit_price\" must be a decimal number such as \"0.0000002\", was \"cheap\"");
  }

  @Test
  void badOverridesNameTheEntry() {
    assertThat(
            problemsOf(
                """
        {"version": 1,
         "skus": [{"sku": "ok", "description": "OK", "quantity_unit": "HOURS", "unit_price": "1", "effective_from": "2024-01-01"}],
         "overrides": [
           {"organization_id": "org_1", "sku": "nope", "unit_price": "1", "effective_from": "2024-01-01"},
           {"organization_id": "org_1", "sku": "ok", "unit_price": "-1", "effective_from": "2024-01-01"},
           {"organization_id": "org_1", "sku": "ok", "unit_price": "1", "effective_from": "yesterday"}
         ]}"""))
        .containsExactly(
            "overrides[1] (organization_id \"org_1\", sku \"ok\"): unit_price must not be negative, was -1",
            "overrides[2] (organization_id \"org_1\", sku \"ok\"): \"effective_from\" must be a date yyyy-MM-dd, was \"yesterday\"",
            "overrides[0] (organization_id \"org_1\", sku \"nope\"): its sku has no list price");
    // A long value is quoted bounded, never whole (issue 12's third stranger: 18 KB answers).
    String longSku = "q".repeat(9_000);
    assertThat(
            problemsOf(
                "{\"version\": 1, \"skus\": [], \"overrides\": [{\"organization_id\": \"org_1\","
                    + " \"sku\": \""
                    + longSku
                    + "\", \"unit_price\": \"1\", \"effective_from\": \"2024-01-01\"}]}"))
        .singleElement()
        .asString()
        .contains("q".repeat(64) + "…")
        .hasSizeLessThan(300);
  }

  @Test
  void everyBadEntryIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                PriceBookFile.parse(
                    """
        {"version": 1, "skus": [
          {"sku": "a", "description": "A", "quantity_unit": "LITRES", "unit_price": "1", "effective_from": "2024-01-01"},
          {"sku": "b", "description": "B", "quantity_unit": "HOURS", "unit_price": "-1", "effective_from": "2024-01-01"},
          42
        ]}"""))
        .isInstanceOf(InvalidPriceBookException.class)
        .hasMessageStartingWith("invalid price book, 3 problems:")
        .hasMessageContaining("skus[0] (sku \"a\"): unknown quantity_unit \"LITRES\"")
        .hasMessageContaining("skus[1] (sku \"b\"): unit_price must not be negative, was -1")
        .hasMessageContaining("skus[2]: must be a JSON object, was number");
  }

  @Test
  void anUnsupportedOrMissingVersionIsRejected() {
    assertThat(problemsOf("{\"version\": 2, \"skus\": []}"))
        .containsExactly("unsupported version 2 (this build reads version 1)");
    assertThat(problemsOf("{\"version\": 1.0, \"skus\": []}"))
        .containsExactly(
            "\"version\" must be written as a whole number such as 1, not as a decimal");
    assertThat(problemsOf("{\"version\": \"1\", \"skus\": []}"))
        .containsExactly("\"version\" must be written as a whole number such as 1, was \"1\"");
    assertThat(problemsOf("{\"skus\": []}"))
        .containsExactly("\"version\" is missing (this build reads version 1)");
  }

  @Test
  void somethingThatIsNotAPriceBookIsRejected() {
    assertThat(problemsOf("{\"version\": 1, \"skus\": "))
        .singleElement()
        .asString()
        .startsWith("not valid JSON: ");
    assertThat(problemsOf("[]")).containsExactly("the file must hold a JSON object");
    assertThat(problemsOf("{\"version\": 1, \"skus\": {}}"))
        .containsExactly("\"skus\" must be an array of prices");
  }
}
