package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.CloudProvider;
import dev.tally.model.Cluster;
import dev.tally.model.Plan;
import dev.tally.server.Tally;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally clusters create} takes any valid id whole, and the cluster reads back as given. */
class ClustersCommandTest {

  @TempDir Path dir;
  private CliDatabase db;

  @BeforeEach
  void anOrganization() {
    db = CliDatabase.created(dir.resolve("data"));
    assertThat(db.run("orgs", "create", "Acme", "--id", "acme").exitCode()).isZero();
  }

  @Test
  void aTwoCharacterIdIsKeptWhole() {
    CliRun created =
        db.run(
            "clusters",
            "create",
            "--org",
            "acme",
            "--id",
            "c1",
            "--name",
            "checkout",
            "--plan",
            "STANDARD",
            "--cloud",
            "AWS",
            "--region",
            "us-east-1");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.value()).isEqualTo("c1");
    Cluster cluster = readBack("c1");
    assertThat(cluster.id()).isEqualTo("c1");
    assertThat(cluster.name()).isEqualTo("checkout");
    assertThat(cluster.plan().value()).isEqualTo(Plan.STANDARD);
    assertThat(cluster.cloudProvider().value()).isEqualTo(CloudProvider.AWS);
    assertThat(cluster.regions()).singleElement().extracting(r -> r.name()).isEqualTo("us-east-1");
    assertThat(db.run("clusters", "list", "--org", "acme").out())
        .contains("c1")
        .contains("checkout");
  }

  @Test
  void aOneCharacterIdWorksForEveryPlan() {
    assertThat(
            db.run(
                    "clusters",
                    "create",
                    "--org",
                    "acme",
                    "--id",
                    "x",
                    "--name",
                    "tiny",
                    "--plan",
                    "BASIC")
                .value())
        .isEqualTo("x");
    assertThat(
            db.run(
                    "clusters",
                    "create",
                    "--org",
                    "acme",
                    "--id",
                    "y",
                    "--name",
                    "big",
                    "--plan",
                    "ADVANCED")
                .value())
        .isEqualTo("y");

    assertThat(readBack("x").plan().value()).isEqualTo(Plan.BASIC);
    assertThat(readBack("y").plan().value()).isEqualTo(Plan.ADVANCED);
    assertThat(readBack("y").config().dedicated()).isNotNull();
  }

  @Test
  void theLongestValidIdIsKeptWhole() {
    String id = "c" + "0123456789".repeat(6) + "abc";
    assertThat(id).hasSize(64);

    CliRun created = db.run("clusters", "create", "--org", "acme", "--id", id, "--name", "long");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(readBack(id).id()).isEqualTo(id);
  }

  @Test
  void labelsAreStoredOnTheCluster() {
    db.run(
        "clusters",
        "create",
        "--org",
        "acme",
        "--id",
        "c2",
        "--name",
        "labelled",
        "--label",
        "team=payments",
        "--label",
        "env=prod");

    assertThat(readBack("c2").labels()).isEqualTo(Map.of("team", "payments", "env", "prod"));
  }

  @Test
  void anInvalidIdIsInvalidInputOnOneLine() {
    CliRun created = db.run("clusters", "create", "--org", "acme", "--id", "-bad", "--name", "bad");

    assertThat(created.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(created.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: cluster id may only contain");
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> oddValues() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "--region", "us-east-1\u202E\u2028evil", "error: region name may only contain"),
        org.junit.jupiter.params.provider.Arguments.of(
            "--label",
            "team=pay\nments\u2028x",
            "error: the value of label 'team' must hold only lowercase letters, digits and '-';"
                + " got 'pay?ments?x'"));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("oddValues")
  void anOddRegionOrLabelIsInvalidInputOnOneLineAndNothingIsStored(
      String option, String value, String expected) {
    CliRun created =
        db.run(
            "clusters", "create", "--org", "acme", "--id", "odd", "--name", "odd", option, value);

    assertThat(created.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(created.err().lines()).singleElement().asString().startsWith(expected);
    assertThat(db.run("clusters", "list", "--org", "acme").out()).doesNotContain("odd");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      textBlock =
          """
          a null label value   | {"id":"j1","name":"j","labels":{"env":null}}     | is not a reference Cluster object as JSON
          labels as a list     | {"id":"j1","name":"j","labels":["env"]}          | is not a reference Cluster object as JSON: check labels (line 1, column
          broken JSON          | {"id":"j1","name":                               | is not a reference Cluster object as JSON
          a field named twice  | {"id":"j1","id":"j2","name":"j"}                 | is not a reference Cluster object as JSON
          """)
  void aClusterFileThatIsNotAClusterIsInvalidInputOnOneLine(
      String what, String json, String expected, @org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("cluster.json");
    Files.writeString(file, json);

    CliRun created = db.run("clusters", "create", "--org", "acme", "--from-json", file.toString());

    assertThat(created.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(created.err().lines()).singleElement().asString().contains(expected);
    assertThat(created.err()).doesNotContain("dev.tally").doesNotContain("Exception");
    assertThat(db.run("clusters", "list", "--org", "acme").out()).doesNotContain("j1");
  }

  @Test
  void aMissingClusterFileIsNamedOnOneLine() {
    CliRun created =
        db.run("clusters", "create", "--org", "acme", "--from-json", "/nonexistent/cluster.json");

    assertThat(created.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(created.err().strip()).isEqualTo("error: no such file: /nonexistent/cluster.json");
  }

  private Cluster readBack(String id) {
    try (Tally tally = db.open()) {
      return tally.tx().read(tx -> tx.clusters().find(id)).orElseThrow().cluster();
    }
  }
}
