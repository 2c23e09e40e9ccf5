package dev.tally.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountedTest {

  @Test
  void oneIsSingularAndEveryOtherCountPlural() {
    assertThat(Counted.of(0, "invoice")).isEqualTo("0 invoices");
    assertThat(Counted.of(1, "invoice")).isEqualTo("1 invoice");
    assertThat(Counted.of(2, "event")).isEqualTo("2 events");
    assertThat(Counted.of(12_345, "organization")).isEqualTo("12,345 organizations");
    assertThat(Counted.of(1, "batch", "batches")).isEqualTo("1 batch");
    assertThat(Counted.of(3, "batch", "batches")).isEqualTo("3 batches");
  }

  @Test
  void aRateIsSingularWhenItShowsAsOne() {
    assertThat(Counted.perSecond(1.0, "invoice")).isEqualTo("1 invoice/s");
    assertThat(Counted.perSecond(0.6, "invoice")).isEqualTo("1 invoice/s");
    assertThat(Counted.perSecond(0.4, "invoice")).isEqualTo("0 invoices/s");
    assertThat(Counted.perSecond(1.5, "line")).isEqualTo("2 lines/s");
    assertThat(Counted.perSecond(1_234.4, "line")).isEqualTo("1,234 lines/s");
  }
}
