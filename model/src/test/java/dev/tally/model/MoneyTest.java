package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole cents: at most two fraction digits after dropping trailing zeros; never rounded. */
class MoneyTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "1.5, 1.50",
    "2.500, 2.50",
    "2.5000000000, 2.50",
    "0, 0.00",
    "-15, -15.00",
    "-0.01, -0.01",
    "1E+3, 1000.00",
    "100.00, 100.00",
  })
  void wholeCentAmountsComeBackWithScaleTwoAndTheSameValue(String amount, String expected) {
    BigDecimal result = Money.requireWholeCents(new BigDecimal(amount), "amount");

    assertThat(result).isEqualTo(new BigDecimal(expected));
    assertThat(result.scale()).isEqualTo(2);
    assertThat(Money.isWholeCents(new BigDecimal(amount))).isTrue();
  }

  @ParameterizedTest(name = "{0} is not whole cents")
  @ValueSource(strings = {"2.505", "0.001", "-0.005", "1.0000001", "1E-3"})
  void aFractionOfACentIsRejectedNotRounded(String amount) {
    assertThat(Money.isWholeCents(new BigDecimal(amount))).isFalse();
    assertThatThrownBy(() -> Money.requireWholeCents(new BigDecimal(amount), "the fee"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the fee must be a whole number of cents, was "
                + new BigDecimal(amount).toPlainString());
  }
}
