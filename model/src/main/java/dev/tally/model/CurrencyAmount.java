package dev.tally.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount of one currency. On the wire the amount is a JSON number; it is read from and
 * written as its decimal text, never through a {@code double}.
 */
public record CurrencyAmount(BigDecimal amount, OpenEnum<Currency> currency) {

  public CurrencyAmount {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
  }

  public static CurrencyAmount of(BigDecimal amount, Currency currency) {
    return new CurrencyAmount(amount, OpenEnum.of(currency));
  }

  public static CurrencyAmount usd(String amount) {
    return of(new BigDecimal(amount), Currency.USD);
  }
}
