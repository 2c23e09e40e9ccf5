package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a command listens and which database it opens are checked before anything starts: a bad
 * value is one line on stderr with its exit code, never a stack trace, and never a silent choice
 * between two settings that disagree.
 */
class StartupSettingsTest {

  @TempDir Path dir;

  private static void assertOneLine(CliRun run, int exitCode, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).startsWith("error: ").contains(message);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.out()).doesNotContain("serving");
  }

  @Test
  void aBadValueFromAVariableNamesTheVariableInTallysWords() {
    // The variable itself cannot be set in process (picocli reads the real environment), so the
    // parser's exception is made as it makes it, for serve's own --port option.
    picocli.CommandLine serve =
        Main.everyCommand(picocli.CommandLine.defaultFactory()).getSubcommands().get("serve");
    picocli.CommandLine.Model.OptionSpec port = serve.getCommandSpec().findOption("--port");
    String parsers = "Invalid value for option '--port': 'abc' is not an int";
    picocli.CommandLine.ParameterException fromVariable =
        new picocli.CommandLine.ParameterException(serve, parsers, port, "abc");
    assertThat(UsageErrorHandler.inTallysWords(parsers, fromVariable, new String[] {"serve"}))
        .isEqualTo("TALLY_PORT (for --port): 'abc' is not a whole number");
    assertThat(
            UsageErrorHandler.inTallysWords(
                parsers, fromVariable, new String[] {"serve", "--port", "abc"}))
        .isEqualTo("--port: 'abc' is not a whole number");
    assertThat(
            UsageErrorHandler.inTallysWords(
                parsers, fromVariable, new String[] {"serve", "--port=abc"}))
        .isEqualTo("--port: 'abc' is not a whole number");
    // And end to end, from the command line.
    assertOneLine(
        CliRun.withEnv(Map.of(), "serve", "--port", "abc"),
        2,
        "--port: 'abc' is not a whole number");
  }

  @Test
  void aVariableNamesItselfInEveryKindOfError() {
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_PORT", "abc"), "serve"),
        2,
        "error: TALLY_PORT (for --port): 'abc' is not a whole number");
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_POOL_SIZE", "0"), "serve", "--port", "0"),
        2,
        "error: TALLY_POOL_SIZE (for --pool-size) must be between 1 and 1000, got 0");
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_IDLE_TIMEOUT", "0ms"), "demo", "--port", "0"),
        2,
        "error: TALLY_IDLE_TIMEOUT (for --idle-timeout) must be longer than 0");
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_CLOSE_INTERVAL", "x"), "serve", "--port", "0"),
        2,
        "error: TALLY_CLOSE_INTERVAL (for --close-interval): ");
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_PORT", "70000"), "serve"),
        2,
        "error: TALLY_PORT (for --port) must be between 0 and 65535, got 70000");
    // A flag beats its variable, and then the flag is what the error names.
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_POOL_SIZE", "5"), "serve", "--port", "0", "--pool-size", "0"),
        2,
        "error: --pool-size must be between 1 and 1000, got 0");
    assertOneLine(
        CliRun.withEnv(Map.of(), "serve", "--rate-limit", "99999999999"),
        2,
        "error: --rate-limit: '99999999999' is too large");
    // Digits are ASCII digits, as everywhere in Tally's input; Java alone reads ٣ as 3.
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_POOL_SIZE", "٣"), "serve", "--port", "0"),
        2,
        "error: TALLY_POOL_SIZE (for --pool-size): '٣' is not a whole number");
    assertOneLine(
        CliRun.withEnv(Map.of(), "serve", "--port", "+5"),
        2,
        "error: --port: '+5' is not a whole number");
  }

  @Test
  void anEmptyVariableCountsAsNotSet() {
    Map<String, String> empty = new java.util.HashMap<>();
    for (String name :
        new String[] {
          "TALLY_HOST",
          "TALLY_PORT",
          "TALLY_POOL_SIZE",
          "TALLY_DATABASE_TIMEOUT",
          "TALLY_GRACE_PERIOD",
          "TALLY_CLOSE_INTERVAL",
          "TALLY_SHUTDOWN_TIMEOUT",
          "TALLY_METRICS",
          "TALLY_LOG_FORMAT",
          "TALLY_LOG_LEVEL",
          "TALLY_RATE_LIMIT",
          "TALLY_RATE_LIMIT_BURST",
          "TALLY_AUTH_FAILURE_LIMIT",
          "TALLY_HEADER_TIMEOUT",
          "TALLY_IDLE_TIMEOUT"
        }) {
      empty.put(name, name.length() % 2 == 0 ? "" : " ");
    }
    // Every empty variable is read as its default, so the one error left is the flag's.
    for (String command : new String[] {"serve", "demo"}) {
      assertOneLine(
          CliRun.withEnv(empty, command, "--port", "70000"),
          2,
          "error: --port must be between 0 and 65535, got 70000");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"70000", "-1", "65536"})
  void aPortOutOfRangeIsRefusedByServeAndDemoAlike(String port) {
    for (String command : new String[] {"serve", "demo"}) {
      assertOneLine(
          CliRun.of(command, "--port", port, "--data-dir", dir.toString()),
          ExitCode.INVALID_INPUT,
          "--port must be between 0 and 65535, got " + port);
    }
  }

  @Test
  void anUnknownHostIsRefusedBeforeTheDatabaseIsOpened() {
    Path data = dir.resolve("never-made");
    for (String command : new String[] {"serve", "demo"}) {
      assertOneLine(
          CliRun.of(
              command,
              "--host",
              "no-such-host.invalid",
              "--port",
              "0",
              "--data-dir",
              data.toString()),
          ExitCode.SERVER_OR_NETWORK,
          "no address is known for the host 'no-such-host.invalid'");
    }
    assertThat(data).doesNotExist();
  }

  @Test
  void aHostThatIsNotThisMachinesIsNotCalledAPortInUse() {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    CliRun run =
        CliRun.of("serve", "--host", "192.0.2.1", "--port", "0", "--data-dir", dir.toString());
    assertOneLine(run, ExitCode.SERVER_OR_NETWORK, "not an address of this machine");
    assertThat(run.err()).doesNotContain("in use");
  }

  @Test
  void aUrlAndADataDirectoryTogetherAreRefused() {
    assertOneLine(
        CliRun.of(
            "orgs",
            "list",
            "--database-url",
            "jdbc:postgresql://127.0.0.1:1/tally",
            "--data-dir",
            dir.toString()),
        ExitCode.INVALID_INPUT,
        "pass either --database-url or --data-dir, not both");
  }

  @Test
  void aUrlAndADataDirectoryFromAnyTwoPlacesAreRefusedButAFlagBeatsItsOwnVariable() {
    String url = "jdbc:postgresql://127.0.0.1:1/tally";
    String envDir = dir.resolve("from-env").toString();
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_DATABASE_URL", url, "TALLY_DATA_DIR", envDir), "orgs", "list"),
        ExitCode.INVALID_INPUT,
        "TALLY_DATABASE_URL and TALLY_DATA_DIR are both set");
    Path flagged = CliDatabase.created(dir.resolve("from-flag")).dataDir();
    assertOneLine(
        CliRun.withEnv(
            Map.of("TALLY_DATABASE_URL", url), "orgs", "list", "--data-dir", flagged.toString()),
        ExitCode.INVALID_INPUT,
        "TALLY_DATABASE_URL and --data-dir are both set");
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_DATA_DIR", envDir), "orgs", "list", "--database-url", url),
        ExitCode.INVALID_INPUT,
        "--database-url and TALLY_DATA_DIR are both set");
    assertThat(dir.resolve("from-env")).doesNotExist();

    // The flag and its own variable: the flag wins, and the variable's directory is not touched.
    CliRun run =
        CliRun.withEnv(
            Map.of("TALLY_DATA_DIR", envDir), "orgs", "list", "--data-dir", flagged.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(dir.resolve("from-env")).doesNotExist();
  }

  @Test
  void aHostWithAPortOrASchemeIsBadInput() {
    for (String host : new String[] {"127.0.0.1:9000", "http://127.0.0.1"}) {
      assertOneLine(
          CliRun.withEnv(Map.of(), "serve", "--host", host, "--port", "0"),
          ExitCode.INVALID_INPUT,
          "--host is a name or an address, without a scheme or a port");
    }
  }

  @Test
  void anEmptyDatabaseUrlOrDataDirectoryFlagIsRefused() {
    assertOneLine(
        CliRun.withEnv(Map.of(), "orgs", "list", "--database-url", ""),
        ExitCode.INVALID_INPUT,
        "--database-url is empty");
    assertOneLine(
        CliRun.withEnv(Map.of(), "orgs", "list", "--data-dir", " "),
        ExitCode.INVALID_INPUT,
        "--data-dir is empty");
  }

  @Test
  void aDataDirectoryThatIsAFileIsRefusedInOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
    assertOneLine(
        CliRun.of("orgs", "list", "--data-dir", file.toString()),
        ExitCode.INVALID_INPUT,
        "--data-dir " + file + " is a file, not a directory");
    assertOneLine(
        CliRun.of("serve", "--port", "0", "--data-dir", file.resolve("below").toString()),
        ExitCode.INVALID_INPUT,
        "cannot be created");
    assertOneLine(
        CliRun.withEnv(Map.of("TALLY_DATA_DIR", file.toString()), "orgs", "list"),
        ExitCode.INVALID_INPUT,
        "TALLY_DATA_DIR " + file + " is a file");
  }

  @Test
  void anUnsupportedDatabaseUrlIsInvalidInput() {
    assertOneLine(
        CliRun.of("orgs", "list", "--database-url", "mysql://localhost/tally"),
        ExitCode.INVALID_INPUT,
        "--database-url: unsupported database URL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "demo", "orgs", "invoices"})
  void everySubcommandPrintsTheVersion(String command) {
    CliRun run = CliRun.of(command, "--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).isEqualTo("tally development build");
  }
}
