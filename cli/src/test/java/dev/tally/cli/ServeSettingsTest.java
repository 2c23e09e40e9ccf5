package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.cli.options.DurationConverter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

/**
 * A bad server setting stops {@code tally serve} (and {@code demo}) before anything starts, with
 * one line naming the setting and exit code 2.
 */
class ServeSettingsTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--pool-size, 0, --pool-size must be between 1 and 1000",
    "--pool-size, 1001, --pool-size must be between 1 and 1000",
    "--pool-size, many, error: --pool-size: 'many'",
    "--database-timeout, 100ms, --database-timeout must be at least 250ms",
    "--database-timeout, 1 second, error: --database-timeout: expected a duration",
    "--grace-period, -1h, error: --grace-period: expected a duration",
    "--grace-period, 400d, error: --grace-period: expected a duration",
    "--close-interval, 10ms, --close-interval must be at least 1s, or off",
    "--close-interval, sometimes, --close-interval",
    "--shutdown-timeout, forever, error: --shutdown-timeout: expected a duration",
    "--metrics, maybe, error: --metrics: ",
    "--log-format, xml, error: --log-format: ",
    "--log-level, loud, error: --log-level: "
  })
  void aBadSettingIsOneLineAndExitCodeTwo(String flag, String value, String message) {
    for (String command : new String[] {"serve", "demo"}) {
      CliRun run = CliRun.of(command, flag, value, "--port", "0");
      assertThat(run.exitCode()).as(command).isEqualTo(2);
      assertThat(run.err().strip().lines()).as(command).hasSize(1);
      assertThat(run.err()).as(command).startsWith("error: ").contains(message);
      assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void everySettingIsInTheServeHelpWithItsEnvironmentVariable() {
    String help = CliRun.of("serve", "--help").out();
    for (String[] setting :
        new String[][] {
          {"--grace-period", "TALLY_GRACE_PERIOD"},
          {"--close-interval", "TALLY_CLOSE_INTERVAL"},
          {"--pool-size", "TALLY_POOL_SIZE"},
          {"--database-timeout", "TALLY_DATABASE_TIMEOUT"},
          {"--shutdown-timeout", "TALLY_SHUTDOWN_TIMEOUT"},
          {"--metrics", "TALLY_METRICS"},
          {"--log-format", "TALLY_LOG_FORMAT"},
          {"--log-level", "TALLY_LOG_LEVEL"},
          {"--host", "TALLY_HOST"},
          {"--port", "TALLY_PORT"},
          {"--database-url", "TALLY_DATABASE_URL"},
          {"--data-dir", "TALLY_DATA_DIR"}
        }) {
      assertThat(help).contains(setting[0]).contains("$" + setting[1]);
    }
  }

  @Test
  void versionFallsBackToDevelopmentBuildOutsideAPackagedJar() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).isEqualTo("tally development build");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"500ms, 500", "30s, 30000", "5m, 300000", "24h, 86400000", "2d, 172800000"})
  void durationsHaveAUnit(String text, long millis) {
    assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void aDurationWithoutAUnitIsRefused() {
    assertThatThrownBy(() -> new DurationConverter().convert("30"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("500ms, 30s, 5m, 24h or 2d");
  }
}
