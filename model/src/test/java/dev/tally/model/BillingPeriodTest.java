package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A billing period is a calendar month in UTC, [start, end), written YYYY-MM. */
class BillingPeriodTest {

  @Test
  void aPeriodRunsFromMidnightUtcOnTheFirstToMidnightUtcOnTheNextFirst() {
    BillingPeriod february = BillingPeriod.of(2024, 2);

    assertThat(february.start()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(february.end()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(february.lengthInDays()).isEqualTo(29);
    assertThat(february.days())
        .hasSize(29)
        .startsWith(LocalDate.parse("2024-02-01"))
        .endsWith(LocalDate.parse("2024-02-29"));
    assertThat(BillingPeriod.of(2024, 12).end()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void theLastInstantOfAMonthBelongsToIt() {
    assertThat(BillingPeriod.containing(Instant.parse("2024-02-29T23:59:59.999Z")))
        .isEqualTo(BillingPeriod.of(2024, 2));
    assertThat(BillingPeriod.containing(Instant.parse("2024-03-01T00:00:00Z")))
        .isEqualTo(BillingPeriod.of(2024, 3));
  }

  @Test
  void aPeriodIsWrittenAndReadAsYearDashMonth() {
    assertThat(BillingPeriod.parse("2026-10")).isEqualTo(BillingPeriod.of(2026, 10));
    assertThat(BillingPeriod.parse("2026-01")).isEqualTo(BillingPeriod.of(2026, 1));
    assertThat(BillingPeriod.of(2026, 3)).hasToString("2026-03");
    assertThat(BillingPeriod.parse(BillingPeriod.of(987, 12).toString()))
        .isEqualTo(BillingPeriod.of(987, 12));
  }

  @ParameterizedTest(name = "\"{0}\" is no period")
  @ValueSource(
      strings = {
        "",
        "2026",
        "2026-1",
        "2026-13",
        "2026-00",
        "2026/10",
        "26-10",
        "2026-10-01",
        " 2026-10",
        "2026-10 ",
        "+2026-10",
        "2026-١٠",
        "2026-1a",
        "20261-10",
        "2026--1"
      })
  void anythingButYearDashMonthIsRejectedSayingWhatIsExpected(String text) {
    assertThatThrownBy(() -> BillingPeriod.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a billing period is written YYYY-MM, such as 2026-10; got '" + text + "'");
  }

  @Test
  void theRejectedTextIsQuotedBoundedAndWithoutControlCharacters() {
    assertThatThrownBy(() -> BillingPeriod.parse("2026\n10")).hasMessageEndingWith("got '2026?10'");
    assertThatThrownBy(() -> BillingPeriod.parse("9".repeat(500)))
        .hasMessageEndingWith("9".repeat(64) + "…'");
  }
}
