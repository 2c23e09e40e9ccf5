package dev.tally.cli.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One CSV line into fields, as RFC 4180 quotes them. */
class CsvRecordTest {

  @Test
  void plainFieldsSplitAtCommasAndKeepTheirSpacesAndEmptyFields() throws Exception {
    assertThat(CsvRecord.parse("a,b c,,d")).containsExactly("a", "b c", "", "d");
    assertThat(CsvRecord.parse("")).containsExactly("");
    assertThat(CsvRecord.parse("a,")).containsExactly("a", "");
  }

  @Test
  void quotedFieldsMayHoldCommasAndDoubledQuotes() throws Exception {
    assertThat(CsvRecord.parse("\"a,b\",\"say \"\"hi\"\"\",\"\",c"))
        .containsExactly("a,b", "say \"hi\"", "", "c");
    assertThat(CsvRecord.parse("\"last,one\"")).containsExactly("last,one");
  }

  @Test
  void brokenQuotingIsMalformedWithTheColumn() {
    assertThatThrownBy(() -> CsvRecord.parse("a,\"open"))
        .isInstanceOf(CsvRecord.MalformedException.class)
        .hasMessageContaining("column 3 has no closing quote");
    assertThatThrownBy(() -> CsvRecord.parse("\"a\"b,c"))
        .isInstanceOf(CsvRecord.MalformedException.class)
        .hasMessageContaining("after the quoted field");
    assertThatThrownBy(() -> CsvRecord.parse("a,b\"c"))
        .isInstanceOf(CsvRecord.MalformedException.class)
        .hasMessageContaining("quote at column 4");
  }
}
