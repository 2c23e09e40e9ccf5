package dev.tally.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A calendar day as Tally's inputs write it, {@code yyyy-MM-dd}: four ASCII digits of year, two of
 * month, two of day, nothing else. {@link LocalDate#parse} alone also takes a signed year of up to
 * nine digits ({@code +999999999-01-01}), which no price or period means.
 */
public final class CalendarDay {

  private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private CalendarDay() {}

  /**
   * @param text such as {@code 2026-10-01}
   * @return that day
   * @throws DateTimeParseException if the text is not {@code yyyy-MM-dd} or not a day of the
   *     calendar ({@code 2026-02-30})
   */
  public static LocalDate parse(String text) {
    if (text == null || !DAY.matcher(text).matches()) {
      throw new DateTimeParseException("not a day written yyyy-MM-dd", text == null ? "" : text, 0);
    }
    return LocalDate.parse(text);
  }
}
