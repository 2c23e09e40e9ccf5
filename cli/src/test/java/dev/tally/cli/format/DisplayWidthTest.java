package dev.tally.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayWidthTest {

  @Test
  void asciiTakesOneColumnACharacter() {
    assertThat(DisplayWidth.of("checkout-1")).isEqualTo(10);
    assertThat(DisplayWidth.of("")).isZero();
  }

  @Test
  void cjkKanaHangulAndFullwidthFormsTakeTwo() {
    assertThat(DisplayWidth.of("東京クラスター")).isEqualTo(14);
    assertThat(DisplayWidth.of("北京")).isEqualTo(4);
    assertThat(DisplayWidth.of("서울")).isEqualTo(4);
    assertThat(DisplayWidth.of("ＡＢＣ")).isEqualTo(6);
    assertThat(DisplayWidth.of("、")).isEqualTo(2);
    assertThat(DisplayWidth.of("\uD840\uDC0B"))
        .as("a CJK Extension B ideograph, outside the BMP")
        .isEqualTo(2);
  }

  @Test
  void halfwidthKanaTakeOne() {
    assertThat(DisplayWidth.of("ｸﾗｽﾀｰ")).isEqualTo(5);
  }

  @Test
  void combiningMarksAndZeroWidthCharactersTakeNone() {
    assertThat(DisplayWidth.of("cafe\u0301")).isEqualTo(4);
    assertThat(DisplayWidth.of("n\u0303o\u0308")).isEqualTo(2);
    assertThat(DisplayWidth.of("a\u200Bb")).as("zero width space").isEqualTo(2);
    assertThat(DisplayWidth.of("\u1100\u1161\u11A8"))
        .as("a Hangul syllable from conjoining Jamo")
        .isEqualTo(2);
  }

  @Test
  void emojiTakeTwo() {
    assertThat(DisplayWidth.of("\uD83D\uDE80")).isEqualTo(2);
  }

  @Test
  void anEmojiSequenceTakesTheColumnsOfOneEmoji() {
    assertThat(DisplayWidth.of("\uD83D\uDC68\u200D\uD83D\uDCBB"))
        .as("man technologist: man, joiner, laptop")
        .isEqualTo(2);
    assertThat(DisplayWidth.of("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"))
        .as("a family of three joined")
        .isEqualTo(2);
    assertThat(DisplayWidth.of("\uD83D\uDC4D\uD83C\uDFFD"))
        .as("thumbs up, medium skin tone")
        .isEqualTo(2);
    assertThat(DisplayWidth.of("\uD83C\uDFFD")).as("a skin tone alone is drawn").isEqualTo(2);
    assertThat(DisplayWidth.of("ab\uD83D\uDE80cd")).isEqualTo(6);
  }
}
