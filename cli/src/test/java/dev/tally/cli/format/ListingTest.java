package dev.tally.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingTest {

  record Item(String name, BigDecimal amount) {}

  private final Listing<Item> listing =
      new Listing<Item>("items", i -> i)
          .text("name", Item::name)
          .number("amount", i -> DecimalText.money(i.amount()), i -> i.amount().toPlainString())
          .whenNone("no items");

  private final List<Item> items =
      List.of(new Item("-rm", new BigDecimal("1234.5")), new Item("b", BigDecimal.ONE));

  @Test
  void aTableHasUpperCaseHeadingsAndRightAlignedNumbers() {
    assertThat(listing.render(OutputFormat.TABLE, items))
        .isEqualTo(
            """
        NAME    AMOUNT
        -rm   1,234.50
        b         1.00
        """);
    assertThat(listing.render(OutputFormat.TABLE, List.of())).isEqualTo("no items\n");
  }

  @Test
  void csvHasLowerCaseHeadingsPlainNumbersAndDefusedText() {
    assertThat(listing.render(OutputFormat.CSV, items))
        .isEqualTo("name,amount\r\n'-rm,1234.5\r\nb,1\r\n");
    assertThat(listing.render(OutputFormat.CSV, List.of())).isEqualTo("name,amount\r\n");
  }

  @Test
  void jsonHoldsTheItemsUnderTheListingsNameWithExactDecimals() {
    assertThat(listing.render(OutputFormat.JSON, items))
        .isEqualTo(
            "{\"items\":[{\"name\":\"-rm\",\"amount\":1234.5},{\"name\":\"b\",\"amount\":1}]}\n");
    assertThat(listing.render(OutputFormat.JSON, List.of())).isEqualTo("{\"items\":[]}\n");
  }
}
