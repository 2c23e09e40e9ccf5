package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerTextTest {

  @Test
  void whatCouldBreakOrDisguiseALineIsReplacedAndOtherTextStays() {
    assertThat(CallerText.quote("a\nb\rc\td\u007fe\u0085f")).isEqualTo("a?b?c?d?e?f");
    assertThat(CallerText.quote("a\u2028b\u2029c\u202Ed\u2066e\uFEFFf\u200Bg\uDB40\uDC41h"))
        .isEqualTo("a?b?c?d?e?f?g?h");
    assertThat(CallerText.quote("lone \uD83D half")).isEqualTo("lone ? half");
    assertThat(CallerText.quote("café \uD83D\uDCB6 東京")).isEqualTo("café \uD83D\uDCB6 東京");
  }

  @Test
  void aQuoteIsBoundedWithAnEllipsis() {
    assertThat(CallerText.quote("x".repeat(CallerText.MAX))).isEqualTo("x".repeat(CallerText.MAX));
    assertThat(CallerText.quote("x".repeat(CallerText.MAX + 1)))
        .isEqualTo("x".repeat(CallerText.MAX) + "…");
  }
}
