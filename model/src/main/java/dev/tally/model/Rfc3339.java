package dev.tally.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/**
 * The one strict parser of RFC 3339 date-times ({@code date-time} of RFC 3339 section 5.6), as the
 * Billing API's {@code start_time} and {@code end_time} and every other Tally time are written.
 *
 * <p>Accepted, exactly: {@code YYYY-MM-DDThh:mm:ss}, then optionally {@code .} and 1 to 9 digits of
 * fraction, then {@code Z} or an offset {@code +hh:mm} / {@code -hh:mm}; {@code T} and {@code Z}
 * may be lower case (RFC 3339 section 5.6, note). Every digit is an ASCII digit and every field is
 * in range: a day that the month does not have (2026-02-29), hour 24, minute or second 60 and an
 * offset beyond ±18:00 are errors, never rolled over into the next field. {@code -00:00} is UTC.
 *
 * <p>Rejected, as not RFC 3339: missing seconds or offset, ISO 8601's week and ordinal dates, years
 * of other than four digits or with a sign, a space instead of {@code T}, offsets without a colon
 * or with seconds, more than nine fraction digits (finer than an {@link Instant} holds) and a leap
 * second {@code :60} (an {@link Instant} has none).
 *
 * <p>This is the acceptance set of the Billing API's query parser since it began, narrowed only by
 * the signed and five-digit years that {@code java.time}'s ISO formatter let through.
 */
public final class Rfc3339 {

  /** An example for error messages. */
  public static final String EXAMPLE = "2026-01-01T00:00:00Z";

  private static final String EXPECTED = "an RFC 3339 time such as " + EXAMPLE;

  private Rfc3339() {}

  /**
   * The instant that an RFC 3339 date-time names.
   *
   * @param text such as {@code 2026-01-01T00:00:00Z} or {@code 2026-01-01T02:00:00.5+02:00}
   * @return the instant, in UTC
   * @throws IllegalArgumentException if the text is anything else; the message says what is
   *     expected and quotes the text (bounded, control characters replaced)
   */
  public static Instant parse(String text) {
    return parse(text, null);
  }

  /**
   * {@link #parse(String)}, for a named field: the error message is {@code "<field> must be an RFC
   * 3339 time such as 2026-01-01T00:00:00Z, got '...'"}.
   *
   * @param text the field's value
   * @param field the field's name, such as {@code start_time}
   * @return the instant, in UTC
   * @throws IllegalArgumentException if the text is not an RFC 3339 date-time
   */
  public static Instant parse(String text, String field) {
    Objects.requireNonNull(text, field == null ? "text" : field);
    String problem = problem(text);
    if (problem == null) {
      try {
        return read(text);
      } catch (OutOfRange e) {
        problem = e.getMessage();
      } catch (DateTimeException e) {
        // read() checks every field in its own words first; this is only the backstop.
        problem = "a field is out of range";
      }
    }
    String what = field == null ? "expected " + EXPECTED : field + " must be " + EXPECTED;
    throw new IllegalArgumentException(
        what
            + ", got '"
            + CallerText.quote(text)
            + "'"
            + (problem.isEmpty() ? "" : " (" + problem + ")"));
  }

  /** Whether the text is an RFC 3339 date-time that {@link #parse} accepts. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * What is wrong with the shape of the text, or {@code null} if it has the shape: {@code ""} for a
   * shape error (the message says what is expected), else the field out of range.
   */
  private static String problem(String s) {
    int n = s.length();
    // YYYY-MM-DDThh:mm:ss is 19 characters; then an optional fraction, then Z or +hh:mm.
    if (n < 20
        || !digits(s, 0, 4)
        || s.charAt(4) != '-'
        || !digits(s, 5, 2)
        || s.charAt(7) != '-'
        || !digits(s, 8, 2)
        || (s.charAt(10) != 'T' && s.charAt(10) != 't')
        || !digits(s, 11, 2)
        || s.charAt(13) != ':'
        || !digits(s, 14, 2)
        || s.charAt(16) != ':'
        || !digits(s, 17, 2)) {
      return "";
    }
    int offsetAt = 19;
    if (s.charAt(19) == '.') {
      offsetAt = 20;
      while (offsetAt < n && isDigit(s.charAt(offsetAt))) {
        offsetAt++;
      }
      int fractionDigits = offsetAt - 20;
      if (fractionDigits == 0) {
        return "";
      }
      if (fractionDigits > 9) {
        return "at most 9 fraction digits";
      }
    }
    int rest = n - offsetAt;
    if (rest == 0) {
      return "";
    }
    char zone = s.charAt(offsetAt);
    if (rest == 1 && (zone == 'Z' || zone == 'z')) {
      return null;
    }
    if (rest == 6
        && (zone == '+' || zone == '-')
        && digits(s, offsetAt + 1, 2)
        && s.charAt(offsetAt + 3) == ':'
        && digits(s, offsetAt + 4, 2)) {
      return null;
    }
    return "";
  }

  /**
   * A field out of its range, said in Tally's words (the date library's messages name its classes).
   */
  private static final class OutOfRange extends DateTimeException {
    OutOfRange(String message) {
      super(message);
    }
  }

  /** Reads text that has the shape; throws {@link OutOfRange} for a field out of range. */
  private static Instant read(String s) {
    int year = value(s, 0, 4);
    int month = value(s, 5, 2);
    int day = value(s, 8, 2);
    int hour = value(s, 11, 2);
    int minute = value(s, 14, 2);
    int second = value(s, 17, 2);
    int nano = 0;
    int offsetAt = 19;
    if (s.charAt(19) == '.') {
      offsetAt = s.length() - (Character.toUpperCase(s.charAt(s.length() - 1)) == 'Z' ? 1 : 6);
      nano = value(s, 20, offsetAt - 20);
      for (int i = offsetAt - 20; i < 9; i++) {
        nano *= 10;
      }
    }
    if (month < 1 || month > 12) {
      throw new OutOfRange("the month must be 01 to 12");
    }
    int days = YearMonth.of(year, month).lengthOfMonth();
    if (day < 1 || day > days) {
      throw new OutOfRange(
          String.format(Locale.ROOT, "%04d-%02d has days 01 to %02d", year, month, days));
    }
    if (hour > 23) {
      throw new OutOfRange("the hour must be 00 to 23");
    }
    if (minute > 59) {
      throw new OutOfRange("the minute must be 00 to 59");
    }
    if (second > 59) {
      throw new OutOfRange("the second must be 00 to 59");
    }
    ZoneOffset offset = ZoneOffset.UTC;
    char zone = s.charAt(offsetAt);
    if (zone == '+' || zone == '-') {
      int hours = value(s, offsetAt + 1, 2);
      int minutes = value(s, offsetAt + 4, 2);
      if (minutes > 59) {
        throw new OutOfRange("offset minutes must be 00 to 59");
      }
      if (hours * 60 + minutes > 18 * 60) {
        throw new OutOfRange("the offset must be within -18:00 to +18:00");
      }
      int sign = zone == '-' ? -1 : 1;
      offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
    // LocalDate.of and LocalDateTime.of check every field and never roll one over.
    LocalDate date = LocalDate.of(year, month, day);
    return LocalDateTime.of(date.getYear(), date.getMonth(), day, hour, minute, second, nano)
        .toInstant(offset);
  }

  private static boolean digits(String s, int from, int length) {
    if (from + length > s.length()) {
      return false;
    }
    for (int i = from; i < from + length; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** ASCII only: {@link Character#isDigit} would also take other scripts' digits. */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int value(String s, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      value = value * 10 + (s.charAt(i) - '0');
    }
    return value;
  }
}
