package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally credits grant|list} and {@code tally adjustments add} on the database. */
class CreditsAndAdjustmentsCommandTest {

  @TempDir Path dir;
  private CliDatabase db;

  @BeforeEach
  void organization() {
    db = CliDatabase.created(dir.resolve("data"));
    assertThat(
            db.run("orgs", "create", "Acme", "--id", "acme", "--billing-start", "2026-01").value())
        .isEqualTo("acme");
  }

  @Test
  void grantedCreditsAreListedWithTheirAmountAndWindowInUtc() {
    CliRun grant =
        db.run(
            "credits",
            "grant",
            "--org",
            "acme",
            "--amount",
            "500.00",
            "--starts",
            "2026-01-01",
            "--expires",
            "2027-01-01");
    assertThat(grant.exitCode()).as(grant.err()).isZero();
    String id = grant.value();
    assertThat(grant.err())
        .isEqualTo(
            "granted 500.00 credits to acme, usable from 2026-01-01T00:00:00Z until 2027-01-01T00:00:00Z\n");
    String second =
        db.run(
                "credits",
                "grant",
                "--org",
                "acme",
                "--amount",
                "1250",
                "--starts",
                "2026-06-15T12:00:00+02:00",
                "--expires",
                "2026-09")
            .value();

    List<String> lines = db.run("credits", "list", "--org", "acme").out().lines().toList();
    assertThat(lines.getFirst()).matches("ID +AMOUNT  STARTS +EXPIRES");
    assertThat(lines.subList(1, lines.size()))
        .containsExactly(
            second + "  1,250.00  2026-06-15T10:00:00Z  2026-09-01T00:00:00Z",
            id + "    500.00  2026-01-01T00:00:00Z  2027-01-01T00:00:00Z");
  }

  @Test
  void anOrganizationWithoutGrantsSaysSo() {
    assertThat(db.run("credits", "list", "--org", "acme").out()).isEqualTo("no credit grants\n");
  }

  @Test
  void badGrantsAreRefusedWithOneLineAndTheirExitCode() {
    CliRun unknownOrg =
        db.run(
            "credits",
            "grant",
            "--org",
            "nope",
            "--amount",
            "10",
            "--starts",
            "2026-01-01",
            "--expires",
            "2027-01-01");
    assertThat(unknownOrg.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(unknownOrg.err()).isEqualTo("error: organization nope does not exist\n");
    assertThat(db.run("credits", "list", "--org", "nope").exitCode()).isEqualTo(ExitCode.NOT_FOUND);

    CliRun backwards =
        db.run(
            "credits",
            "grant",
            "--org",
            "acme",
            "--amount",
            "10",
            "--starts",
            "2027-01-01",
            "--expires",
            "2026-01-01");
    assertThat(backwards.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(backwards.err()).isEqualTo("error: a credit grant must expire after it starts\n");

    CliRun fraction =
        db.run(
            "credits",
            "grant",
            "--org",
            "acme",
            "--amount",
            "10.001",
            "--starts",
            "2026-01-01",
            "--expires",
            "2027-01-01");
    assertThat(fraction.err())
        .isEqualTo("error: a credit grant's amount must be a whole number of cents, was 10.001\n");

    CliRun notANumber =
        db.run(
            "credits",
            "grant",
            "--org",
            "acme",
            "--amount",
            "1e3",
            "--starts",
            "2026-01-01",
            "--expires",
            "2027-01-01");
    assertThat(notANumber.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(notANumber.err()).startsWith("error: --amount: expected a decimal amount");

    CliRun badDate =
        db.run(
            "credits",
            "grant",
            "--org",
            "acme",
            "--amount",
            "10",
            "--starts",
            "01/01/2026",
            "--expires",
            "2027-01-01");
    assertThat(badDate.err()).startsWith("error: --starts: expected a month (2026-10), a day");

    CliRun missing = db.run("credits", "grant", "--org", "acme", "--amount", "10");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(missing.err())
        .startsWith("error: Missing required options: '--starts=DATE', '--expires=DATE'");
    assertThat(db.run("credits", "list", "--org", "acme").out()).isEqualTo("no credit grants\n");
  }

  @Test
  void adjustmentsAreChargesOrNegativeDiscountsOnAnOpenMonth() {
    String[][] cases = {
      {"Premium support", "100.00", "added \"Premium support\" (100.00 USD)"},
      {"Free tier", "-15", "added \"Free tier\" (-15.00 USD)"},
      // The confirmation is one line that reads as it is: a bidirectional control shows as ?.
      {"Sup\u202Eport", "1", "added \"Sup?port\" (1.00 USD)"},
    };
    for (String[] c : cases) {
      CliRun added =
          db.run(
              "adjustments",
              "add",
              "--org",
              "acme",
              "--period",
              "2026-11",
              "--name",
              c[0],
              "--amount",
              c[1]);
      assertThat(added.exitCode()).as(added.err()).isZero();
      assertThat(added.out()).isEqualTo(c[2] + " to the 2026-11 invoice of acme\n");
    }
  }

  @Test
  void badAdjustmentsAreRefusedWithOneLineAndTheirExitCode() {
    CliRun month =
        db.run(
            "adjustments",
            "add",
            "--org",
            "acme",
            "--period",
            "2026-13",
            "--name",
            "x",
            "--amount",
            "1");
    assertThat(month.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(month.err()).startsWith("error: --period: expected a month written YYYY-MM");

    CliRun cents =
        db.run(
            "adjustments",
            "add",
            "--org",
            "acme",
            "--period",
            "2026-11",
            "--name",
            "x",
            "--amount",
            "0.005");
    assertThat(cents.err())
        .isEqualTo("error: an adjustment's amount must be a whole number of cents, was 0.005\n");

    CliRun blank =
        db.run(
            "adjustments",
            "add",
            "--org",
            "acme",
            "--period",
            "2026-11",
            "--name",
            " ",
            "--amount",
            "1");
    assertThat(blank.err()).isEqualTo("error: an adjustment's name must not be empty\n");

    CliRun unknown =
        db.run(
            "adjustments",
            "add",
            "--org",
            "nope",
            "--period",
            "2026-11",
            "--name",
            "x",
            "--amount",
            "1");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void nothingIsGrantedOrAdjustedBeforeTheBillingStart() {
    CliRun adjustment =
        db.run(
            "adjustments",
            "add",
            "--org",
            "acme",
            "--period",
            "2025-12",
            "--name",
            "Old fee",
            "--amount",
            "10.00");
    assertThat(adjustment.exitCode()).isEqualTo(ExitCode.CONFLICT);
    assertThat(adjustment.err())
        .isEqualTo(
            "error: organization acme is billed from 2026-01; 2025-12 has no invoice"
                + " to adjust\n");

    CliRun grant =
        db.run(
            "credits",
            "grant",
            "--org",
            "acme",
            "--amount",
            "10",
            "--starts",
            "2025-12-01",
            "--expires",
            "2027-01-01");
    assertThat(grant.exitCode()).isEqualTo(ExitCode.CONFLICT);
    assertThat(grant.err())
        .startsWith(
            "error: organization acme is billed from 2026-01; a credit grant cannot start"
                + " before that");
    assertThat(db.run("credits", "list", "--org", "acme").out()).isEqualTo("no credit grants\n");
  }
}
