package dev.tally.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvoiceCsvFormatTest {

  @Test
  void fieldsAreQuotedOnlyWhenRfc4180NeedsIt() {
    assertThat(InvoiceCsvFormat.field("plain text")).isEqualTo("plain text");
    assertThat(InvoiceCsvFormat.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(InvoiceCsvFormat.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(InvoiceCsvFormat.field("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(InvoiceCsvFormat.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
    assertThat(InvoiceCsvFormat.field("")).isEmpty();
  }

  @Test
  void textThatASpreadsheetWouldRunAsAFormulaIsDefused() {
    assertThat(InvoiceCsvFormat.text("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
    assertThat(InvoiceCsvFormat.text("+1")).isEqualTo("'+1");
    assertThat(InvoiceCsvFormat.text("-cmd")).isEqualTo("'-cmd");
    assertThat(InvoiceCsvFormat.text("@sum")).isEqualTo("'@sum");
    assertThat(InvoiceCsvFormat.text("analytics")).isEqualTo("analytics");
    assertThat(InvoiceCsvFormat.text("")).isEmpty();
  }
}
