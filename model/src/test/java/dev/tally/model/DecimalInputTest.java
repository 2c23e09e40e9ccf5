package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalInputTest {

  @Test
  void plainDecimalsWithAsciiDigitsAreRead() {
    assertThat(DecimalInput.parse("12", "q")).isEqualByComparingTo("12");
    assertThat(DecimalInput.parse("-0.5", "q")).isEqualByComparingTo("-0.5");
    assertThat(DecimalInput.parse("0.0000002", "q")).isEqualByComparingTo("0.0000002");
  }

  @Test
  void anythingElseIsRefusedNamingTheField() {
    for (String bad :
        new String[] {
          "",
          " 1",
          "1 ",
          "+1",
          "1e2",
          "1E+2147483647",
          ".5",
          "5.",
          "1,000",
          "\u0661",
          "\uff11",
          "NaN",
          "Infinity",
          "0x10",
          "1".repeat(65)
        }) {
      assertThatThrownBy(() -> DecimalInput.parse(bad, "quantity"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("quantity must be a decimal number written with digits 0-9");
    }
  }

  @Test
  void boundsAreCheckedBeforeAnExtremeExponentIsExpanded() {
    assertThatThrownBy(
            () -> DecimalInput.bounded(new BigDecimal("1e2147483647"), 15, 12, "quantity"))
        .hasMessage("quantity is too large: it must be below 10^15");
    assertThatThrownBy(
            () -> DecimalInput.bounded(new BigDecimal("1e-2147483647"), 15, 12, "quantity"))
        .hasMessage("quantity has more than 12 decimal places");
    assertThatThrownBy(
            () -> DecimalInput.bounded(new BigDecimal("1000000000000000"), 15, 12, "quantity"))
        .hasMessage("quantity is too large: it must be below 10^15");
    assertThatThrownBy(
            () -> DecimalInput.bounded(new BigDecimal("0.0000000000001"), 15, 12, "quantity"))
        .hasMessage("quantity has more than 12 decimal places");
  }

  @Test
  void valuesWithinBoundsComeBackWithoutTrailingZerosOrExponent() {
    assertThat(DecimalInput.bounded(new BigDecimal("1.500"), 15, 12, "q")).hasToString("1.5");
    assertThat(DecimalInput.bounded(new BigDecimal("1E+3"), 15, 12, "q")).hasToString("1000");
    assertThat(DecimalInput.bounded(new BigDecimal("999999999999999.000000000001"), 15, 12, "q"))
        .hasToString("999999999999999.000000000001");
    assertThat(DecimalInput.bounded(new BigDecimal("0.00"), 15, 12, "q")).isSameAs(BigDecimal.ZERO);
  }
}
