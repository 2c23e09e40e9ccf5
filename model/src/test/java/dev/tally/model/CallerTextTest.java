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
  void joinersStayForTheyHoldEmojiAndWordsTogether() {
    String coder = "\uD83D\uDC68\u200D\uD83D\uDCBB";
    String persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
    assertThat(CallerText.quote(coder)).isEqualTo(coder);
    assertThat(CallerText.lineSafe(persian)).isSameAs(persian);
    assertThat(CallerText.lineSafe("plain ascii")).isSameAs("plain ascii");
  }

  @Test
  void aQuoteIsBoundedInCodePointsNeverInsideAPair() {
    String emoji = "\uD83D\uDE00";
    assertThat(CallerText.quote(emoji.repeat(CallerText.MAX)))
        .isEqualTo(emoji.repeat(CallerText.MAX));
    assertThat(CallerText.quote(emoji.repeat(CallerText.MAX + 1)))
        .isEqualTo(emoji.repeat(CallerText.MAX) + "…");
    assertThat(CallerText.quote("a" + emoji.repeat(CallerText.MAX)))
        .isEqualTo("a" + emoji.repeat(CallerText.MAX - 1) + "…");
  }

  @Test
  void aBoundNeverCutsACharacterAsAReaderSeesIt() {
    String flag = "\uD83C\uDDEB\uD83C\uDDF7";
    String coder = "\uD83D\uDC68\u200D\uD83D\uDCBB";
    assertThat(CallerText.quote("-".repeat(63) + flag + "x")).isEqualTo("-".repeat(63) + "…");
    assertThat(CallerText.quote("-".repeat(62) + coder)).isEqualTo("-".repeat(62) + "…");
    assertThat(CallerText.quote("-".repeat(62) + flag + "x"))
        .isEqualTo("-".repeat(62) + flag + "…");
    assertThat(CallerText.quote("-".repeat(63) + "e\u0301x")).isEqualTo("-".repeat(63) + "…");
  }

  @Test
  void aQuoteIsBoundedWithAnEllipsis() {
    assertThat(CallerText.quote("x".repeat(CallerText.MAX))).isEqualTo("x".repeat(CallerText.MAX));
    assertThat(CallerText.quote("x".repeat(CallerText.MAX + 1)))
        .isEqualTo("x".repeat(CallerText.MAX) + "…");
  }
}
