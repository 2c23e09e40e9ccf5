package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database settings from the environment: an empty variable counts as not set. */
class DatabaseConfigFromEnvironmentTest {

  @Test
  void anEmptyUserOrPasswordCountsAsNotSet() {
    DatabaseConfig config =
        DatabaseConfig.fromEnvironment(
            Map.of(
                DatabaseConfig.URL_ENV, "jdbc:postgresql://127.0.0.1:5432/tally",
                DatabaseConfig.USER_ENV, "",
                DatabaseConfig.PASSWORD_ENV, " "));
    assertThat(config.user()).isNull();
    assertThat(config.password()).isNull();

    DatabaseConfig given =
        DatabaseConfig.fromEnvironment(
            Map.of(
                DatabaseConfig.URL_ENV, "jdbc:postgresql://127.0.0.1:5432/tally",
                DatabaseConfig.USER_ENV, "tally",
                DatabaseConfig.PASSWORD_ENV, "secret"));
    assertThat(given.user()).isEqualTo("tally");
    assertThat(given.password()).isEqualTo("secret");
  }

  @Test
  void anEmptyUrlOrDataDirectoryCountsAsNotSet() {
    assertThat(
            DatabaseConfig.fromEnvironment(
                    Map.of(DatabaseConfig.URL_ENV, "", DatabaseConfig.DATA_DIR_ENV, " "))
                .isEmbedded())
        .isTrue();
  }
}
