package dev.tally.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

/** The fast timestamp path accepts and rejects exactly what the general RFC 3339 parser does. */
class UsageTimestampTest {

  @Test
  void theFastPathAgreesWithTheGeneralParserOnEveryUtcInstant() {
    qt().withExamples(5_000)
        .forAll(longs().between(0, 4_102_444_800L), integers().between(0, 999_999_999))
        .checkAssert((seconds, nanos) -> {
          String text = Instant.ofEpochSecond(seconds, nanos).toString();
          assertThat(UsageEventParser.parseInstant(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
        });
  }

  @Test
  void oddShapesFallBackToTheGeneralParser() {
    assertThat(UsageEventParser.parseInstant("2026-11-01T10:00:00+02:00")).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    assertThat(UsageEventParser.parseInstant("2026-11-01T10:00:00.5Z")).isEqualTo(Instant.parse("2026-11-01T10:00:00.500Z"));
    for (String bad : new String[] {"2026-02-30T00:00:00Z", "2026-11-01T24:00:00Z",
        "2026-11-01 10:00:00Z", "2026-1x-01T10:00:00Z", "2026-11-01T10:00:00.1234567890Z"}) {
      assertThatThrownBy(() -> UsageEventParser.parseInstant(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
    }
  }
}
