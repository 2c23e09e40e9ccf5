package dev.tally.cli.options;

import dev.tally.model.CalendarDay;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --from} and {@code --to}: a day ({@code 2026-10-01}, taken at UTC midnight), a month
 * ({@code 2026-10}, taken at the start of its 1st in UTC) or a full RFC 3339 time. Billing periods
 * are calendar months in UTC, so the short forms say exactly what a billing coordinator means.
 */
public final class TimeBoundConverter implements ITypeConverter<Instant> {

  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  @Override
  public Instant convert(String text) {
    String value = text.strip();
    try {
      if (MONTH.matcher(value).matches()) {
        return YearMonth.parse(value).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      if (DAY.matcher(value).matches()) {
        return CalendarDay.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      if (value.length() > 10 && (value.charAt(10) == 'T' || value.charAt(10) == 't')) {
        return OffsetDateTime.parse(value.toUpperCase(java.util.Locale.ROOT)).toInstant();
      }
    } catch (DateTimeParseException e) {
      // reported below, in the same words for every form
    }
    throw new TypeConversionException(
        "expected a month (2026-10), a day (2026-10-01) or an RFC 3339 time "
            + "(2026-10-01T00:00:00Z), got '"
            + text
            + "'");
  }
}
