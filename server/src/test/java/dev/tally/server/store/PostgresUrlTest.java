package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:5432/tally",
        "jdbc:postgresql://db/tally",
        "jdbc:postgresql://db:65535,replica:1/tally?targetServerType=primary",
        "jdbc:postgresql://[::1]:5432/tally?connectTimeout=2&loginTimeout=3&ssl=true",
        "jdbc:postgresql://[::1]/tally",
        "jdbc:postgresql:tally",
        "jdbc:postgresql://127.0.0.1:5432/tally?socketTimeout=0&user=tally&password=a:b",
      })
  void urlsTheDriverAcceptsPass(String url) {
    assertThatCode(() -> new DatabaseConfig(url, null, null)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:99999/x",
        "jdbc:postgresql://127.0.0.1:0/x",
        "jdbc:postgresql://127.0.0.1:5x/x",
        "jdbc:postgresql://a:5432,b:70000/x",
        "jdbc:postgresql://[::1]:123456/x",
      })
  void aPortOutsideItsRangeIsSaidPlainly(String url) {
    assertThatThrownBy(() -> new DatabaseConfig(url, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the database URL's port must be 1 to 65535, got '");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:5432/x?connectTimeout=abc",
        "jdbc:postgresql://127.0.0.1:5432/x?user=t&loginTimeout=-1",
        "jdbc:postgresql://127.0.0.1:5432/x?socketTimeout=",
        "jdbc:postgresql://127.0.0.1:5432/x?prepareThreshold=1.5",
      })
  void aWholeNumberParameterThatIsNotOneIsSaidPlainly(String url) {
    assertThatThrownBy(() -> new DatabaseConfig(url, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .startsWith("the database URL's ")
        .contains("must be a whole number (seconds for a timeout), got '")
        .doesNotContain("For input string");
  }
}
