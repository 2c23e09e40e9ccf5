package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tally operator-keys create|revoke}: a key that works at once, and stops working when
 * revoked.
 */
class OperatorKeysCommandTest {

  @TempDir Path dir;
  private CliDatabase db;

  @BeforeEach
  void database() {
    db = CliDatabase.created(dir.resolve("data"));
  }

  @Test
  void aCreatedKeyImportsUsageUntilItIsRevoked() throws Exception {
    CliRun created = db.run("operator-keys", "create", "--name", "pipeline");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String token = created.out().strip();
    assertThat(created.out()).isEqualTo(token + "\n");
    assertThat(token).matches("TALLYOP1_[0-9A-Za-z]{22}_[0-9A-Za-z]{40}");
    String keyId = token.split("_")[1];
    assertThat(created.err())
        .startsWith(
            "created operator key "
                + keyId
                + " (pipeline); the token below is shown only "
                + "this once");

    try (TestServer server = TestServer.on(DatabaseConfig.embedded(dir.resolve("data")))) {
      TestServer.Tenant t = server.tenant("Keyed", Instant.parse("2026-01-01T00:00:00Z"), "web");
      Path file =
          Files.write(
              dir.resolve("usage.csv"),
              List.of(
                  "event_id,organization_id,cluster_id,sku,quantity,timestamp",
                  "k-1,"
                      + t.orgId()
                      + ","
                      + t.clusters().getFirst().id()
                      + ",standard.compute,1,2026-11-02T00:00:00Z"));
      Map<String, String> env =
          Map.of("TALLY_OPERATOR_KEY", token, "TALLY_URL", "http://127.0.0.1:" + server.port());
      assertThat(CliRun.withEnv(env, "usage", "import", file.toString()).exitCode()).isZero();

      CliRun revoke = db.run("operator-keys", "revoke", keyId);
      assertThat(revoke.exitCode()).as(revoke.err()).isZero();
      assertThat(revoke.out()).isEqualTo("revoked operator key " + keyId + "\n");

      CliRun refused = CliRun.withEnv(env, "usage", "import", file.toString());
      assertThat(refused.exitCode()).isEqualTo(ExitCode.AUTH);
      assertThat(refused.err()).startsWith("error: the operator key was rejected (401)");
    }
    assertThat(db.run("operator-keys", "revoke", keyId).out())
        .isEqualTo("operator key " + keyId + " was already revoked\n");
  }

  @Test
  void aKeyWithoutANameIsCalledOperatorAndAnUnknownKeyCannotBeRevoked() {
    assertThat(db.run("operator-keys", "create").err())
        .startsWith("created operator key ")
        .contains(" (operator);");

    CliRun unknown = db.run("operator-keys", "revoke", "no-such-key");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(unknown.err()).isEqualTo("error: operator key no-such-key does not exist\n");
  }
}
