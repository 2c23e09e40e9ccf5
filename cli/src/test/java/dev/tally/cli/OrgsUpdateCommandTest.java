package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.model.WireJson;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally orgs update ID --billing-...} and {@code tally orgs show ID}. */
class OrgsUpdateCommandTest {

  @TempDir Path dir;
  private CliDatabase db;

  @BeforeEach
  void organization() {
    db = CliDatabase.created(dir.resolve("data"));
    assertThat(db.run("orgs", "create", "Acme", "--id", "acme").value()).isEqualTo("acme");
  }

  @Test
  void theBillingContactIsSetShownListedAndPartlyUpdated() throws Exception {
    CliRun update =
        db.run(
            "orgs",
            "update",
            "acme",
            "--billing-name",
            "  Acme Inc.  ",
            "--billing-address",
            "1 Main Street\\nSpringfield, IL 62701\nUnited States",
            "--billing-email",
            "billing@acme.example");
    assertThat(update.exitCode()).as(update.err()).isZero();
    assertThat(update.out())
        .contains("billing name:    Acme Inc.\n")
        .contains(
            "billing address: 1 Main Street\n"
                + "                 Springfield, IL 62701\n"
                + "                 United States\n")
        .contains("billing email:   billing@acme.example\n");

    assertThat(db.run("orgs", "update", "acme", "--billing-email", "ap@acme.example").exitCode())
        .isZero();
    String shown = db.run("orgs", "show", "acme").out();
    assertThat(shown)
        .contains("billing name:    Acme Inc.\n")
        .contains("billing email:   ap@acme.example\n");

    JsonNode json = WireJson.mapper().readTree(db.run("orgs", "list", "-o", "json").out());
    assertThat(json.at("/organizations/0/billing_contact/name").asText()).isEqualTo("Acme Inc.");
    assertThat(json.at("/organizations/0/billing_contact/address").asText())
        .isEqualTo("1 Main Street\nSpringfield, IL 62701\nUnited States");

    assertThat(db.run("orgs", "update", "acme", "--billing-email", "").exitCode()).isZero();
    assertThat(db.run("orgs", "show", "acme").out()).contains("billing email:   (not set)\n");
  }

  @Test
  void badContactsAreRefusedInOneLineAndNothingChanges() {
    db.run("orgs", "update", "acme", "--billing-name", "Acme Inc.");
    String[][] cases = {
      {"--billing-name", "x".repeat(201), "billing name is 201 characters long; the limit is 200"},
      {"--billing-name", "Acme\nInc.", "billing name must not contain control characters"},
      {"--billing-name", "Acme\tInc.", "billing name must not contain control characters"},
      {"--billing-name", "Acme\u2028Inc.", "billing name must not contain control characters"},
      {"--billing-address", "a\u0007b", "must not contain control characters other than line"},
      {"--billing-address", "1 Main\u2029Springfield", "control characters other than line feeds"},
      {"--billing-address", "1 Main\n\nSpringfield", "must not contain blank lines"},
      {"--billing-address", "a\nb\nc\nd\ne\nf\ng\nh\ni", "has 9 lines; the limit is 8"},
      {"--billing-address", "y".repeat(1001), "is 1001 characters long; the limit is 1000"},
      {"--billing-email", "not-an-email", "billing email must look like name@example.com"},
      {"--billing-email", "a@b", "billing email must look like name@example.com"},
      {"--billing-email", "a b@c.example", "billing email must look like name@example.com"},
      {"--billing-email", "a@@c.example", "billing email must look like name@example.com"},
    };
    for (String[] c : cases) {
      CliRun run = db.run("orgs", "update", "acme", c[0], c[1]);
      assertThat(run.exitCode()).as(c[0] + " " + c[1]).isEqualTo(2);
      assertThat(run.err()).startsWith("error: ").contains(c[2]);
      assertThat(run.err().lines()).hasSize(1);
    }
    assertThat(db.run("orgs", "show", "acme").out()).contains("billing name:    Acme Inc.\n");
  }

  @Test
  void showWritesWhatCouldReorderItsLinesAsQuestionMarks() {
    assertThat(
            db.run(
                    "orgs",
                    "update",
                    "acme",
                    "--billing-name",
                    "Bad\u202Eelif",
                    "--billing-address",
                    "St\u2066reet\nCity\u202E")
                .exitCode())
        .isZero();

    assertThat(db.run("orgs", "show", "acme").out())
        .contains("billing name:    Bad?elif\n")
        .contains("billing address: St?reet\n                 City?\n");
  }

  @Test
  void anUpdateNeedsAFieldAndAnExistingOrganization() {
    CliRun nothing = db.run("orgs", "update", "acme");
    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.err())
        .isEqualTo(
            "error: nothing to update: give --billing-name, --billing-address or"
                + " --billing-email\n");
    CliRun missing = db.run("orgs", "update", "nope", "--billing-name", "X");
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err()).isEqualTo("error: organization nope does not exist\n");
  }
}
