package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.PriceBookFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tally prices load} and {@code show}: the price book in force, its revisions and its
 * problems.
 */
class PricesCommandTest {

  @TempDir Path dir;
  private CliDatabase db;

  @BeforeEach
  void database() {
    db = CliDatabase.created(dir.resolve("data"));
  }

  @Test
  void aNewDatabaseShowsTheDefaultPriceBookAsRevisionOneWithEveryVersionOfEverySku() {
    CliRun show = db.run("prices", "show");

    assertThat(show.exitCode()).as(show.err()).isZero();
    List<String> lines = show.out().lines().toList();
    assertThat(lines.getFirst()).isEqualTo("price book revision 1 (unit prices in USD)");
    assertThat(lines.get(2)).matches("SKU +DESCRIPTION +UNIT +UNIT_PRICE +EFFECTIVE_FROM");
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "standard\\.compute +Standard provisioned compute +VCPU_HOURS +0\\.09 +2024-09-01"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "standard\\.compute +Standard provisioned compute +VCPU_HOURS +0\\.10 +2025-07-01"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "basic\\.request_units +Basic request units +REQUEST_UNITS +0\\.0000002 +2024-01-01"));
    assertThat(lines.getLast()).isEqualTo("no overrides");
  }

  @Test
  void loadingABookMakesItTheNextRevisionAndLoadingTheSameBookAgainChangesNothing()
      throws Exception {
    String current = db.run("prices", "show", "-o", "json").out();
    assertThat(PriceBookFile.parse(current)).isEqualTo(PriceBookFile.defaultPriceBook());
    Path file = dir.resolve("prices.json");
    Files.writeString(
        file,
        current.replace(
            "\"overrides\" : [ ]",
            "\"overrides\" : [ {\"organization_id\": \"acme\", \"sku\": \"standard.compute\", "
                + "\"unit_price\": \"0.075\", \"effective_from\": \"2026-01-01\"} ]"));

    CliRun load = db.run("prices", "load", file.toString());
    assertThat(load.exitCode()).as(load.err()).isZero();
    assertThat(load.out()).isEqualTo("price book revision 2 is in force (15 prices, 1 override)\n");

    CliRun show = db.run("prices", "show");
    assertThat(show.out())
        .startsWith("price book revision 2 ")
        .endsWith(
            """
        overrides:
        ORGANIZATION  SKU               UNIT_PRICE  EFFECTIVE_FROM
        acme          standard.compute       0.075  2026-01-01
        """);
    assertThat(PriceBookFile.parse(db.run("prices", "show", "-o", "json").out()))
        .isEqualTo(PriceBookFile.parse(Files.readString(file)));

    CliRun again = db.run("prices", "load", file.toString());
    assertThat(again.out())
        .isEqualTo(
            "price book revision 2 is in force (unchanged: " + file + " holds the same book)\n");
  }

  @Test
  void anInvalidBookIsRefusedNamingEveryProblemAndTheBookInForceStays() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(
        file,
        """
        {"version": 1, "skus": [
          {"sku": "a", "description": "A", "quantity_unit": "GB", "unit_price": "1", "effective_from": "2026-01-01"},
          {"sku": "b", "description": "B", "quantity_unit": "GIB", "unit_price": "-1", "effective_from": "2026-01-01"}
        ]}""");
    CliRun many = db.run("prices", "load", file.toString());
    assertThat(many.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    List<String> err = many.err().lines().toList();
    assertThat(err.getFirst())
        .isEqualTo("error: " + file + " is not a valid price book (2 problems):");
    assertThat(err.subList(1, err.size()))
        .satisfiesExactly(
            l -> assertThat(l).startsWith("  skus[0] (sku \"a\"): ").contains("GB"),
            l -> assertThat(l).startsWith("  skus[1] (sku \"b\"): ").contains("negative"));

    Files.writeString(file, "{\"version\": 2}");
    CliRun one = db.run("prices", "load", file.toString());
    assertThat(one.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(one.err())
        .isEqualTo(
            "error: "
                + file
                + " is not a valid price book: unsupported version 2 "
                + "(this build reads version 1)\n");

    CliRun absent = db.run("prices", "load", dir.resolve("absent.json").toString());
    assertThat(absent.err()).isEqualTo("error: no such file: " + dir.resolve("absent.json") + "\n");

    assertThat(db.run("prices", "show").out()).startsWith("price book revision 1 ");
    assertThat(db.run("prices", "show", "-o", "yaml").err())
        .startsWith("error: --output: expected one of [TABLE, JSON]");
  }
}
