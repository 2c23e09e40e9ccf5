package dev.tally.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class TimeBoundConverterTest {

  private final TimeBoundConverter converter = new TimeBoundConverter();

  @Test
  void aMonthIsItsFirstDayAtUtcMidnight() {
    assertThat(converter.convert("2026-10")).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
  }

  @Test
  void aDayIsUtcMidnight() {
    assertThat(converter.convert("2026-10-15")).isEqualTo(Instant.parse("2026-10-15T00:00:00Z"));
  }

  @Test
  void anRfc3339TimeIsTakenAsIs() {
    assertThat(converter.convert("2026-10-01T02:30:00+02:00"))
        .isEqualTo(Instant.parse("2026-10-01T00:30:00Z"));
    assertThat(converter.convert("2026-10-01t00:00:00.5z"))
        .isEqualTo(Instant.parse("2026-10-01T00:00:00.5Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2026",
        "2026-13",
        "2026-02-30",
        "26-10-01",
        "2026-10-01T00:00:00",
        "2026-10-01 00:00:00Z",
        "yesterday",
        "2026/10/01"
      })
  void anythingElseIsRefusedWithTheFormsItTakes(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage(
            "expected a month (2026-10), a day (2026-10-01) or an RFC 3339 time (2026-10-01T00:00:00Z), got '"
                + text
                + "'");
  }
}
