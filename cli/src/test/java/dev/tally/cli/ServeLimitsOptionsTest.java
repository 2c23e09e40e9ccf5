package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.http.HttpLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The limit options of {@code tally serve} and {@code tally demo}: parsed into {@link HttpLimits},
 * refused in one line.
 */
@Timeout(60) // a value wrongly accepted would start serving for ever
class ServeLimitsOptionsTest {

  private static HttpLimits parse(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    serve.settings.validate();
    return serve.settings.limits();
  }

  @Test
  void theLimitsAreOnByDefault() {
    HttpLimits limits = parse();
    assertThat(limits.requestsPerSecond()).isEqualTo(10);
    assertThat(limits.burst()).isEqualTo(20);
    assertThat(limits.authFailuresPerMinute()).isEqualTo(10);
    assertThat(limits.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void everyLimitCanBeSetAndTheRateTurnedOff() {
    HttpLimits limits =
        parse(
            "--rate-limit", "0",
            "--rate-limit-burst", "5",
            "--auth-failure-limit", "0",
            "--header-timeout", "500ms",
            "--idle-timeout", "2m");
    assertThat(limits.limitsRequests()).isFalse();
    assertThat(limits.limitsAuthFailures()).isFalse();
    assertThat(limits.burst()).isEqualTo(5);
    assertThat(limits.headerTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(limits.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @ParameterizedTest
  @CsvSource({
    "--rate-limit, -1",
    "--rate-limit-burst, 0",
    "--auth-failure-limit, -3",
    "--header-timeout, 0s",
    "--header-timeout, soon",
    "--header-timeout, 5",
    "--header-timeout, 0",
    "--idle-timeout, 0ms",
    "--idle-timeout, -5s",
    "--idle-timeout, 400d",
  })
  void anOutOfRangeValueIsRefusedInOneLineNamingTheOption(String option, String value) {
    for (String command : new String[] {"serve", "demo"}) {
      CliRun run = CliRun.of(command, "--port", "0", option, value);
      assertThat(run.exitCode()).as(command).isEqualTo(ExitCode.INVALID_INPUT);
      assertThat(run.err().strip()).as(command).doesNotContain("\n").contains(option);
      assertThat(run.err()).doesNotContain("Exception").doesNotContain("null");
      assertThat(run.out()).as(command).doesNotContain("serving");
    }
  }

  @Test
  void theTimeoutsTakeEveryUnitOtherDurationsDo() {
    assertThat(parse("--header-timeout", "1d").headerTimeout()).isEqualTo(Duration.ofDays(1));
    assertThat(parse("--idle-timeout", "2h").idleTimeout()).isEqualTo(Duration.ofHours(2));
  }
}
