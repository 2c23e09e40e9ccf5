package dev.tally.cli.options;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an amount of money as its exact decimal text ({@code 500.00}, {@code -15}); never a double. */
public final class AmountConverter implements ITypeConverter<BigDecimal> {

  @Override
  public BigDecimal convert(String text) {
    String value = text.strip();
    // Plain decimals only: no exponent, no grouping, so what is typed is what is billed.
    if (value.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
      return new BigDecimal(value);
    }
    throw new TypeConversionException("expected a decimal amount such as 500.00, got '" + text + "'");
  }
}
