package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code tally invoices list|get} find the server and the API key. */
class ApiCredentialsTest {

  private static BillingServer billing;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    billing = new BillingServer();
  }

  @AfterAll
  static void stop() {
    billing.close();
  }

  @Test
  void theKeyAndTheServerCanBothComeFromTheEnvironment() {
    CliRun run =
        CliRun.withEnv(
            Map.of("TALLY_API_KEY", billing.globexKey, "TALLY_URL", billing.url()),
            "invoices",
            "list");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("2026-09");
  }

  @Test
  void theKeyFileSuppliesTheKeyAndWinsOverTheEnvironment() throws Exception {
    Path keyFile = dir.resolve("tally.key");
    Files.writeString(keyFile, "  " + billing.globexKey + "  \nignored second line\n");

    CliRun run =
        CliRun.withEnv(
            Map.of("TALLY_API_KEY", "TALLY1_stale_key"),
            billing.withUrl("invoices", "list", "--api-key-file", keyFile.toString()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("2026-09");
  }

  @Test
  void theUrlOptionWinsOverTheEnvironment() {
    CliRun run =
        CliRun.withEnv(
            Map.of("TALLY_API_KEY", billing.globexKey, "TALLY_URL", "http://127.0.0.1:1"),
            billing.withUrl("invoices", "list"));

    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void noKeyAnywhereIsAnAuthFailureThatSaysWhereToPutOne() {
    CliRun run = CliRun.withEnv(Map.of("TALLY_API_KEY", "  "), billing.withUrl("invoices", "list"));

    assertThat(run.exitCode()).isEqualTo(ExitCode.AUTH);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("error: no API key: set TALLY_API_KEY or pass --api-key-file FILE\n");
  }

  @Test
  void aMissingOrEmptyKeyFileIsAnAuthFailureNamingTheFile() throws Exception {
    Path missing = dir.resolve("absent.key");
    CliRun absent =
        CliRun.withEnv(
            Map.of(), billing.withUrl("invoices", "list", "--api-key-file", missing.toString()));
    assertThat(absent.exitCode()).isEqualTo(ExitCode.AUTH);
    assertThat(absent.err()).isEqualTo("error: --api-key-file " + missing + ": no such file\n");

    Path empty = Files.writeString(dir.resolve("empty.key"), "\n\n");
    CliRun blank =
        CliRun.withEnv(
            Map.of(), billing.withUrl("invoices", "list", "--api-key-file", empty.toString()));
    assertThat(blank.exitCode()).isEqualTo(ExitCode.AUTH);
    assertThat(blank.err())
        .isEqualTo(
            "error: --api-key-file " + empty + " is empty: its first line must be the API key\n");
  }

  @Test
  void thereIsNoOptionThatTakesTheKeyItselfSinceArgumentsShowInPs() {
    CliRun run =
        CliRun.withEnv(
            Map.of(), billing.withUrl("invoices", "list", "--api-key", billing.globexKey));

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.err()).hasLineCount(1).contains("Unknown option");
    assertThat(CliRun.of("invoices", "list", "--help").out())
        .contains("--api-key-file")
        .doesNotContain("--api-key ");
  }

  @Test
  void aUrlThatIsNotHttpIsInvalidInput() {
    CliRun run =
        CliRun.withEnv(
            Map.of("TALLY_API_KEY", "k"), "invoices", "list", "--url", "ftp://example.com");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.err())
        .isEqualTo(
            "error: --url must be an http or https URL such as http://127.0.0.1:8080 "
                + "(no query or credentials), got 'ftp://example.com'\n");
  }
}
