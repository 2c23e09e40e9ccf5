package dev.tally.server.http;

import dev.tally.model.CalendarDay;
import dev.tally.server.errors.Failure;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The {@code Cc-Version} request header: a date ({@code YYYY-MM-DD}) that pins the API version a
 * client was written against. Tally serves the schema of {@link #FIRST} and accepts that date or
 * any later one; absent means the newest. An earlier date (the official SDK v1 pins {@code
 * 2023-04-10}, whose {@code Cluster.plan} lacks values Tally sends) is refused with a 400 naming
 * the supported versions, rather than answered with a body that client could not decode.
 */
final class ApiVersion {

  static final String HEADER = "Cc-Version";

  /** The first version whose schema Tally serves. */
  static final LocalDate FIRST = LocalDate.of(2024, 9, 16);

  /** The newest version, assumed when the header is absent. */
  static final String LATEST = "2024-09-16";

  private static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private ApiVersion() {}

  /**
   * Accepts an absent header or a version Tally serves.
   *
   * @throws Failure INVALID_ARGUMENT when the header is not a date, or a date before {@link #FIRST}
   */
  static void check(String header) {
    if (header == null) {
      return;
    }
    parseAndCheck(header);
  }

  /**
   * As {@link #check(String)} for every {@code Cc-Version} line of a request: two lines are refused
   * like two versions joined by a comma in one, since which one the client meant is unknown.
   *
   * @throws Failure INVALID_ARGUMENT for more than one line, or as {@link #check(String)}
   */
  static void check(java.util.List<String> lines) {
    if (lines.size() > 1) {
      throw Failure.invalid(
          "send one Cc-Version header, got "
              + lines.size()
              + " ('"
              + QueryParams.printable(String.join("', '", lines))
              + "')");
    }
    check(lines.isEmpty() ? null : lines.getFirst());
  }

  private static void parseAndCheck(String header) {
    LocalDate version = parse(header);
    if (version.isBefore(FIRST)) {
      throw Failure.invalid(
          "Cc-Version "
              + header
              + " is not supported: this server serves API "
              + "versions "
              + FIRST
              + " and later (without the header, the latest, "
              + LATEST
              + ")");
    }
  }

  private static LocalDate parse(String header) {
    try {
      if (FORM.matcher(header).matches()) {
        return CalendarDay.parse(header);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw Failure.invalid(
        "the Cc-Version header must be an API version date such as "
            + LATEST
            + ", got '"
            + QueryParams.printable(header)
            + "'");
  }
}
