package dev.tally.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.OpenEnum;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecimalTextTest {

  @Test
  void moneyHasAtLeastTwoDecimalsGroupedThousandsAndNeverLosesADigit() {
    assertThat(DecimalText.money(new BigDecimal("1234.5"))).isEqualTo("1,234.50");
    assertThat(DecimalText.money(new BigDecimal("1234567.891"))).isEqualTo("1,234,567.891");
    assertThat(DecimalText.money(new BigDecimal("0.0000002"))).isEqualTo("0.0000002");
    assertThat(DecimalText.money(new BigDecimal("2E-7"))).isEqualTo("0.0000002");
    assertThat(DecimalText.money(new BigDecimal("0.6300"))).isEqualTo("0.63");
    assertThat(DecimalText.money(new BigDecimal("1E+3"))).isEqualTo("1,000.00");
    assertThat(DecimalText.money(new BigDecimal("-1000"))).isEqualTo("-1,000.00");
    assertThat(DecimalText.money(BigDecimal.ZERO)).isEqualTo("0.00");
    assertThat(DecimalText.money(new BigDecimal("999.99"))).isEqualTo("999.99");
  }

  @Test
  void moneyCarriesItsCurrencyAsOnTheWireAndSeveralAreJoined() {
    CurrencyAmount usd = CurrencyAmount.usd("1234.5");
    CurrencyAmount newer =
        new CurrencyAmount(new BigDecimal("3"), OpenEnum.parse(Currency.class, "EUR"));
    assertThat(DecimalText.money(usd)).isEqualTo("1,234.50 USD");
    assertThat(DecimalText.money(List.of(usd, newer))).isEqualTo("1,234.50 USD, 3.00 EUR");
    assertThat(DecimalText.money(List.<CurrencyAmount>of())).isEqualTo("-");
  }

  @Test
  void quantitiesShowNoDecimalsTheyDoNotHave() {
    assertThat(DecimalText.quantity(new BigDecimal("2880.000"))).isEqualTo("2,880");
    assertThat(DecimalText.quantity(new BigDecimal("12.50"))).isEqualTo("12.5");
    assertThat(DecimalText.quantity(new BigDecimal("0.0000002"))).isEqualTo("0.0000002");
    assertThat(DecimalText.quantity(new BigDecimal("1E+6"))).isEqualTo("1,000,000");
    assertThat(DecimalText.quantity(BigDecimal.ZERO)).isEqualTo("0");
  }
}
