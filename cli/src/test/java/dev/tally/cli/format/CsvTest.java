package dev.tally.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void fieldsAreQuotedOnlyWhenRfc4180NeedsIt() {
    assertThat(Csv.field("plain text")).isEqualTo("plain text");
    assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(Csv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
    assertThat(Csv.field("")).isEmpty();
  }

  @Test
  void textThatASpreadsheetWouldRunAsAFormulaIsDefused() {
    assertThat(Csv.text("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
    assertThat(Csv.text("+1")).isEqualTo("'+1");
    assertThat(Csv.text("-cmd")).isEqualTo("'-cmd");
    assertThat(Csv.text("@sum")).isEqualTo("'@sum");
    assertThat(Csv.text("analytics")).isEqualTo("analytics");
    assertThat(Csv.text("")).isEmpty();
  }
}
