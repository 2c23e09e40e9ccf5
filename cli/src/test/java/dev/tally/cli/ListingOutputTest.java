package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.model.WireJson;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code list} command takes {@code -o table|json|csv}: the same table as before, JSON
 * written with the wire mapper, and CSV whose text cells never run as spreadsheet formulas.
 */
class ListingOutputTest {

  private static final String FORMULA_NAME = "=HYPERLINK(\"http://evil\")";

  @TempDir static Path dir;
  private static CliDatabase db;
  private static String account;
  private static String keyId;

  @BeforeAll
  static void anOrganizationWithOneOfEverything() {
    db = CliDatabase.created(dir.resolve("data"));
    db.run("orgs", "create", FORMULA_NAME, "--id", "acme", "--billing-start", "2026-01");
    db.run(
        "clusters",
        "create",
        "--org",
        "acme",
        "--id",
        "c1",
        "--name",
        "+checkout",
        "--plan",
        "BASIC",
        "--cloud",
        "AWS",
        "--region",
        "us-east-1");
    db.run(
        "credits",
        "grant",
        "--org",
        "acme",
        "--amount",
        "1234.50",
        "--starts",
        "2026-01-01",
        "--expires",
        "2027-01-01");
    account = db.run("service-accounts", "create", "--org", "acme", "@bot").value();
    db.run("service-accounts", "grant", account, "BILLING_COORDINATOR");
    String token = db.run("api-keys", "create", account, "--name", "-ci").value();
    keyId = token.split("_")[1];
  }

  @Test
  void orgsList() throws Exception {
    assertThat(db.run("orgs", "list").out())
        .startsWith("ID    NAME")
        .contains("acme  " + FORMULA_NAME);

    JsonNode json = json(db.run("orgs", "list", "-o", "json"));
    assertThat(json.get("organizations")).hasSize(1);
    assertThat(json.at("/organizations/0/id").asText()).isEqualTo("acme");
    assertThat(json.at("/organizations/0/name").asText()).isEqualTo(FORMULA_NAME);
    assertThat(json.at("/organizations/0/created_at").asText()).endsWith("Z");
    assertThat(json.at("/organizations/0/billing_start").asText()).isEqualTo("2026-01");

    String csv = db.run("orgs", "list", "-o", "csv").out();
    assertThat(csv)
        .startsWith("id,name,created,billing_start\r\n")
        .contains("\r\nacme,\"'=HYPERLINK(\"\"http://evil\"\")\",");
  }

  @Test
  void clustersList() throws Exception {
    assertThat(db.run("clusters", "list", "--org", "acme").out())
        .startsWith("ID  NAME       PLAN   CLOUD  REGIONS\n")
        .contains("c1  +checkout  BASIC  AWS    us-east-1");

    JsonNode json = json(db.run("clusters", "list", "--org", "acme", "-o", "json"));
    assertThat(json.at("/clusters/0/id").asText()).isEqualTo("c1");
    assertThat(json.at("/clusters/0/name").asText()).isEqualTo("+checkout");
    assertThat(json.at("/clusters/0/plan").asText()).isEqualTo("BASIC");
    assertThat(json.at("/clusters/0/cloud_provider").asText()).isEqualTo("AWS");
    assertThat(json.at("/clusters/0/regions/0/name").asText()).isEqualTo("us-east-1");

    assertThat(db.run("clusters", "list", "--org", "acme", "-o", "csv").out())
        .isEqualTo("id,name,plan,cloud,regions\r\nc1,'+checkout,BASIC,AWS,us-east-1\r\n");
  }

  @Test
  void creditsList() throws Exception {
    assertThat(db.run("credits", "list", "--org", "acme").out())
        .contains("AMOUNT")
        .contains("1,234.50  2026-01-01T00:00:00Z  2027-01-01T00:00:00Z");

    JsonNode json = json(db.run("credits", "list", "--org", "acme", "-o", "json"));
    JsonNode grant = json.at("/credit_grants/0");
    assertThat(grant.get("amount").isNumber()).isTrue();
    assertThat(grant.get("amount").decimalValue()).isEqualByComparingTo("1234.50");
    assertThat(grant.get("starts_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(grant.get("expires_at").asText()).isEqualTo("2027-01-01T00:00:00Z");

    String csv = db.run("credits", "list", "--org", "acme", "-o", "csv").out();
    assertThat(csv)
        .startsWith("id,amount,starts,expires\r\n")
        .endsWith(",1234.50,2026-01-01T00:00:00Z,2027-01-01T00:00:00Z\r\n");
  }

  @Test
  void anEmptyListingIsStillWellFormedJsonAndCsv() throws Exception {
    CliDatabase db = CliDatabase.created(dir.resolve("other-data"));
    db.run("orgs", "create", "Empty", "--id", "empty");

    assertThat(db.run("credits", "list", "--org", "empty").out()).isEqualTo("no credit grants\n");
    assertThat(json(db.run("credits", "list", "--org", "empty", "-o", "json")).get("credit_grants"))
        .isEmpty();
    assertThat(db.run("credits", "list", "--org", "empty", "-o", "csv").out())
        .isEqualTo("id,amount,starts,expires\r\n");
    assertThat(db.run("clusters", "list", "--org", "empty", "-o", "csv").out())
        .isEqualTo("id,name,plan,cloud,regions\r\n");
  }

  @Test
  void apiKeysList() throws Exception {
    assertThat(db.run("api-keys", "list", "--org", "acme").out())
        .startsWith("ID")
        .contains("SERVICE_ACCOUNT")
        .contains(keyId)
        .contains("active")
        .contains("never");

    JsonNode json = json(db.run("api-keys", "list", "--org", "acme", "-o", "json"));
    JsonNode key = json.at("/api_keys/0");
    assertThat(key.get("id").asText()).isEqualTo(keyId);
    assertThat(key.get("service_account_id").asText()).isEqualTo(account);
    assertThat(key.get("name").asText()).isEqualTo("-ci");
    assertThat(key.get("state").asText()).isEqualTo("active");
    assertThat(key.has("expires_at")).isFalse();
    assertThat(key.toString()).doesNotContain("TALLY1_");

    String csv = db.run("api-keys", "list", "--org", "acme", "-o", "csv").out();
    assertThat(csv)
        .startsWith("id,service_account,name,state,created,expires\r\n")
        .contains(keyId + "," + account + ",'-ci,active,")
        .endsWith(",never\r\n");
  }

  @Test
  void serviceAccountsList() throws Exception {
    assertThat(db.run("service-accounts", "list", "--org", "acme").out())
        .contains("@bot")
        .contains("BILLING_COORDINATOR on ORGANIZATION acme");

    JsonNode json = json(db.run("service-accounts", "list", "--org", "acme", "-o", "json"));
    assertThat(json.at("/service_accounts/0/name").asText()).isEqualTo("@bot");
    assertThat(json.at("/service_accounts/0/roles/0/role").asText())
        .isEqualTo("BILLING_COORDINATOR");
    assertThat(json.at("/service_accounts/0/roles/0/resource_type").asText())
        .isEqualTo("ORGANIZATION");
    assertThat(json.at("/service_accounts/0/roles/0/resource_id").asText()).isEqualTo("acme");

    assertThat(db.run("service-accounts", "list", "--org", "acme", "-o", "csv").out())
        .isEqualTo(
            "id,name,roles\r\n" + account + ",'@bot,BILLING_COORDINATOR on ORGANIZATION acme\r\n");
  }

  @Test
  void theFormatIsParsedAsInvoicesListParsesIt() {
    assertThat(db.run("orgs", "list", "-o", "JSON").exitCode()).isZero();
    assertThat(db.run("orgs", "list", "--output", "csv").out())
        .startsWith("id,name,created,billing_start\r\n");

    CliRun unknown = db.run("orgs", "list", "-o", "xml");
    CliRun unknownForInvoices = CliRun.of("invoices", "list", "-o", "xml");
    assertThat(unknown.exitCode())
        .isEqualTo(ExitCode.INVALID_INPUT)
        .isEqualTo(unknownForInvoices.exitCode());
    assertThat(unknown.err())
        .contains("'xml'")
        .hasLineCount(1)
        .isEqualTo(unknownForInvoices.err().replace("tally invoices list", "tally orgs list"));
  }

  private static JsonNode json(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return WireJson.mapper().readTree(run.out());
  }
}
