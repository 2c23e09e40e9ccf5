package dev.tally.cli.options;

import dev.tally.model.DecimalInput;
import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an amount of money as its exact decimal text ({@code 500.00}, {@code -15}); never a double.
 */
public final class AmountConverter implements ITypeConverter<BigDecimal> {

  @Override
  public BigDecimal convert(String text) {
    // Plain decimals only: no exponent, no grouping, so what is typed is what is billed.
    String value = text.strip();
    String unsigned = value.startsWith("+") ? value.substring(1) : value;
    try {
      return DecimalInput.bounded(DecimalInput.parse(unsigned, "the amount"), 13, 12, "the amount");
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "expected a decimal amount such as 500.00, got '" + text + "'");
    }
  }
}
