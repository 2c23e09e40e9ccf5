package dev.tally.cli.options;

import dev.tally.model.BillingPeriod;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --period 2026-11}: a billing period is a calendar month in UTC. */
public final class PeriodConverter implements ITypeConverter<BillingPeriod> {

  @Override
  public BillingPeriod convert(String text) {
    try {
      if (text.strip().matches("\\d{4}-\\d{2}")) {
        return new BillingPeriod(YearMonth.parse(text.strip()));
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new TypeConversionException(
        "expected a month written YYYY-MM such as 2026-11, got '" + text + "'");
  }
}
