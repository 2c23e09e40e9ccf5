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

  @Test
  void aCellThatCouldBreakOrReorderItsLineIsShownWithQuestionMarks() {
    String table =
        new Table("ID", "NAME\u202E")
            .row("e1\n", "two\u2028lines")
            .row("e2", "Acme\u202Egpj.exe")
            .row("e3", "\uD83D\uDC68\u200D\uD83D\uDCBB dev")
            .render();

    assertThat(table)
        .isEqualTo(
            "ID   NAME?\n"
                + "e1?  two?lines\n"
                + "e2   Acme?gpj.exe\n"
                + "e3   \uD83D\uDC68\u200D\uD83D\uDCBB dev\n");
  }
}
