package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3339 date-times (section 5.6), exactly; everything else is an error that says so. */
class Rfc3339Test {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "2026-01-01T00:00:00Z, 2026-01-01T00:00:00Z",
    "2026-01-01t00:00:00z, 2026-01-01T00:00:00Z",
    "2026-01-01T02:00:00+02:00, 2026-01-01T00:00:00Z",
    "2025-12-31T19:00:00-05:00, 2026-01-01T00:00:00Z",
    "2026-01-01T05:30:00+05:30, 2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00-00:00, 2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00+00:00, 2026-01-01T00:00:00Z",
    "2026-01-01T18:00:00+18:00, 2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00.5Z, 2026-01-01T00:00:00.500Z",
    "2026-01-01T00:00:00.000000001Z, 2026-01-01T00:00:00.000000001Z",
    "2026-01-01T00:00:00.123456789+01:00, 2025-12-31T23:00:00.123456789Z",
    "2024-02-29T23:59:59.999Z, 2024-02-29T23:59:59.999Z",
    "0000-01-01T00:00:00Z, 0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z, 9999-12-31T23:59:59Z",
  })
  void rfc3339DateTimesNameTheirInstant(String text, String expected) {
    assertThat(Rfc3339.parse(text)).isEqualTo(Instant.parse(expected));
    assertThat(Rfc3339.isValid(text)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @ValueSource(
      strings = {
        "",
        "2026",
        "2026-01-01",
        "2026-01-01T00:00Z",
        "2026-01-01T00:00:00",
        "2026-01-01 00:00:00Z",
        "2026-01-01T00:00:00 Z",
        " 2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z ",
        "2026-W01-1T00:00:00Z",
        "2026-001T00:00:00Z",
        "20260101T000000Z",
        "2026-1-01T00:00:00Z",
        "2026-01-1T00:00:00Z",
        "+2026-01-01T00:00:00Z",
        "+10000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "26-01-01T00:00:00Z",
        "2026-01-01T00:00:00+0200",
        "2026-01-01T00:00:00+02",
        "2026-01-01T00:00:00+02:00:00",
        "2026-01-01T00:00:00UTC",
        "2026-01-01T00:00:00GMT",
        "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00,5Z",
        "2026-01-01T00:00:00.1234567891Z",
        "2026-01-01T00:00:00.5",
        "2026-01-01X00:00:00Z",
        "2026-01-01T00:00:00ZZ",
        "2026-01-01T00:00:00Z[UTC]",
        "2026-01-01T00:00:00.5+02:00Z",
        "2026-01-01T00:00:00+2:00",
      })
  void anythingButAnRfc3339DateTimeIsRejected(String text) {
    assertThatThrownBy(() -> Rfc3339.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expected an RFC 3339 time such as 2026-01-01T00:00:00Z, got '");
    assertThat(Rfc3339.isValid(text)).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\" is out of range, not rolled over")
  @ValueSource(
      strings = {
        "2026-02-29T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-01-32T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:60:00Z",
        "2026-01-01T23:59:60Z",
        "2026-12-31T23:59:60Z",
        "2026-01-01T00:00:00+19:00",
        "2026-01-01T00:00:00+18:01",
        "2026-01-01T00:00:00+02:60",
        "2026-01-01T00:00:00-24:00",
        "2026-02-29T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-04-31T00:00:00Z",
      })
  void fieldsOutOfRangeAreRejectedNotRolledOver(String text) {
    assertThatThrownBy(() -> Rfc3339.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "expected an RFC 3339 time such as 2026-01-01T00:00:00Z, got '" + text + "' (")
        // In Tally's words, never the date library's ("Invalid value for HourOfDay ...").
        .message()
        .matches(
            ".*\\((the month must be|the hour must be|the minute must be|the second must be"
                + "|offset minutes must be|the offset must be within|\\d{4}-\\d{2} has days 01 to \\d{2})"
                + "[^()]*\\)$");
  }

  @Test
  void aDayTheMonthDoesNotHaveIsSaidPlainly() {
    assertThatThrownBy(() -> Rfc3339.parse("2026-02-30T00:00:00Z", "starts_at"))
        .hasMessageEndingWith("(2026-02 has days 01 to 28)");
    assertThatThrownBy(() -> Rfc3339.parse("2026-01-01T24:00:00Z"))
        .hasMessageEndingWith("(the hour must be 00 to 23)");
    assertThatThrownBy(() -> Rfc3339.parse("2026-01-01T00:00:00+25:00"))
        .hasMessageEndingWith("(the offset must be within -18:00 to +18:00)");
  }

  @Test
  void onlyAsciiDigitsCount() {
    // Arabic-Indic and full-width digits are digits to Character.isDigit, not to RFC 3339.
    assertThat(Rfc3339.isValid("٢٠٢٦-01-01T00:00:00Z")).isFalse();
    assertThat(Rfc3339.isValid("2026-01-01T00:00:0１Z")).isFalse();
    assertThat(Rfc3339.isValid("2026-01-01T00:00:00.٥Z")).isFalse();
    assertThat(Rfc3339.isValid("2026-01-01T00:00:00+0٢:00")).isFalse();
  }

  @Test
  void aNamedFieldIsNamedInTheMessageAndTheInputIsQuotedSafely() {
    assertThatThrownBy(() -> Rfc3339.parse("2026-01-01", "start_time"))
        .hasMessage(
            "start_time must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got '2026-01-01'");
    assertThatThrownBy(() -> Rfc3339.parse("2026-01-01T00:00:00\nZ", "timestamp"))
        .hasMessageContaining("got '2026-01-01T00:00:00?Z'");
    assertThatThrownBy(() -> Rfc3339.parse("x".repeat(1000)))
        .hasMessageContaining("got '" + "x".repeat(64) + "…'");
  }

  /**
   * The Billing API's query parser ({@code server/.../http/QueryParams}) as it has always been; the
   * one parser must keep its acceptance set but for the signed, non-four-digit years it let
   * through.
   */
  private static final DateTimeFormatter BILLING_API_PARSER =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendOffset("+HH:MM", "Z")
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  @Test
  void acceptsWhatTheBillingApiAcceptedAndNothingElse() {
    Random random = new Random(3339);
    List<String> seeds =
        List.of(
            "2026-01-01T00:00:00Z",
            "2024-02-29T23:59:59.123456789+05:30",
            "1999-12-31t23:59:59.5-08:00",
            "2026-06-15T12:30:45z",
            "2026-01-31T00:00:00-00:00");
    String alphabet = "0123456789-:.+TtZz Wx٣１";
    List<String> cases = new ArrayList<>(seeds);
    for (int i = 0; i < 100_000; i++) {
      StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      for (int edits = 1 + random.nextInt(3); edits > 0 && !s.isEmpty(); edits--) {
        int at = random.nextInt(s.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> s.setCharAt(at, c);
          case 1 -> s.insert(at, c);
          default -> s.deleteCharAt(at);
        }
      }
      cases.add(s.toString());
    }
    int accepted = 0;
    for (String text : cases) {
      Instant expected = billingApi(text);
      boolean signedYear = text.startsWith("+") || text.startsWith("-");
      if (expected == null || signedYear) {
        assertThat(Rfc3339.isValid(text)).as(text).isFalse();
      } else {
        assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
        accepted++;
      }
    }
    // The mutations must reach both sides of the line, or this test shows nothing.
    assertThat(accepted).isGreaterThan(2_000).isLessThan(cases.size() - 2_000);
  }

  private static Instant billingApi(String text) {
    try {
      return OffsetDateTime.parse(text, BILLING_API_PARSER).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
