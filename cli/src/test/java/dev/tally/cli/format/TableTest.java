package dev.tally.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsAlignByDisplayWidthWithWideAndCombiningCharacters() {
    String table =
        new Table("NAME", "PLAN", "TOTAL")
            .alignRight(2)
            .row("東京クラスター", "BASIC", "1.00")
            .row("cafe\u0301", "STANDARD", "1,234.50")
            .row("x", "ADVANCED", "10.00")
            .render();

    assertThat(table)
        .isEqualTo(
            "NAME            PLAN         TOTAL\n"
                + "東京クラスター  BASIC         1.00\n"
                + "cafe\u0301            STANDARD  1,234.50\n"
                + "x               ADVANCED     10.00\n");
    assertThat(table.lines().map(DisplayWidth::of)).containsOnly(34);
  }

  @Test
  void asciiTablesAreAsBefore() {
    assertThat(new Table("ID", "NAME").row("acme", "Acme Corp").row("a", "").render())
        .isEqualTo("ID    NAME\nacme  Acme Corp\na\n");
  }
}
