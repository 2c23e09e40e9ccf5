package dev.tally.cli.options;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration setting: a whole number with a unit, {@code ms}, {@code s}, {@code m}, {@code h}
 * or {@code d} ({@code 500ms}, {@code 30s}, {@code 24h}, {@code 2d}), at most 365 days.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
  private static final Duration MAX = Duration.ofDays(365);

  @Override
  public Duration convert(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      if (d.compareTo(MAX) <= 0) {
        return d;
      }
    }
    throw new TypeConversionException(
        "expected a duration such as 500ms, 30s, 5m, 24h or 2d (at most 365d), got '" + text + "'");
  }
}
