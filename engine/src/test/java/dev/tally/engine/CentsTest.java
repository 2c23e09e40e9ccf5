package dev.tally.engine;

import static dev.tally.engine.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one rounding rule: to whole cents, half to even. */
class CentsTest {

  @ParameterizedTest(name = "{0} rounds to {1}")
  @CsvSource({
    "0.125, 0.12", // a half cent goes to the even cent...
    "0.135, 0.14", // ...up or down
    "0.1250001, 0.13", // more than half goes up
    "0.1249999, 0.12",
    "4.932, 4.93",
    "8.4566675, 8.46",
    "0, 0.00",
    "30, 30.00",
    "0.005, 0.00",
    "0.015, 0.02",
  })
  void roundsHalfToEven(String exact, String rounded) {
    assertThat(Cents.round(dec(exact))).isEqualTo(dec(rounded));
  }
}
