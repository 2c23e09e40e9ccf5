package dev.tally.server.http;

import dev.tally.server.errors.Failure;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The {@code Cc-Version} request header: a date that pins the API version a client was written
 * against. The official SDK sends {@code 2024-09-16}. Absent means the newest.
 */
final class ApiVersion {

  static final String HEADER = "Cc-Version";
  static final String LATEST = "2024-09-16";
  private static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private ApiVersion() {}

  static void check(String header) {
    if (header == null) {
      return;
    }
    try {
      if (FORM.matcher(header).matches()) {
        LocalDate.parse(header);
        return;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw Failure.invalid("the Cc-Version header must be an API version date such as " + LATEST + ", got '"
        + QueryParams.printable(header) + "'");
  }
}
