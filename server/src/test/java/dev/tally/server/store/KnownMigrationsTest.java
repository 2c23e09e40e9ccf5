package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.testing.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opening a database skips Flyway exactly when Flyway would find nothing to do: every migration of
 * this build applied, successfully, with the checksum Flyway computes for it.
 */
class KnownMigrationsTest {

  @Test
  void theKnownMigrationsAreThoseFlywayRecordsForThisBuild() {
    DatabaseConfig config = Backend.all().findFirst().orElseThrow().freshDatabase();
    Flyway flyway = flyway(config, null);
    flyway.migrate();
    Map<String, KnownMigrations.Applied> recorded = new TreeMap<>();
    for (MigrationInfo migration : flyway.info().applied()) {
      recorded.put(
          migration.getVersion().getVersion(),
          new KnownMigrations.Applied(migration.getDescription(), migration.getChecksum()));
    }
    assertThat(new TreeMap<>(KnownMigrations.APPLIED))
        .as("KnownMigrations.APPLIED must list every migration as Flyway records it")
        .isEqualTo(recorded);
  }

  @ParameterizedTest
  @MethodSource("dev.tally.server.testing.Backend#all")
  void aCurrentSchemaOpensWithoutFlywayAndAnyOtherWithIt(Backend backend) throws SQLException {
    DatabaseConfig config = backend.freshDatabase();
    try (Database fresh = Database.open(config)) {
      assertThat(fresh.ranFlyway()).as("a new database is migrated").isTrue();
    }
    try (Database again = Database.open(config)) {
      assertThat(again.ranFlyway()).as("nothing left to migrate").isFalse();
      assertThat(again.schemaState(Duration.ofSeconds(5)).pending()).isZero();
    }

    execute(config, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '3'");
    assertRefused(config, "checksum");
  }

  @ParameterizedTest
  @MethodSource("dev.tally.server.testing.Backend#all")
  void anEditedDescriptionOrAnyOtherRowInTheHistoryGoesThroughFlyway(Backend backend) {
    DatabaseConfig edited = backend.freshDatabase();
    Database.open(edited).close();
    execute(edited, "UPDATE flyway_schema_history SET description = 'edited' WHERE version = '4'");
    assertRefused(edited, "description");

    DatabaseConfig repeatable = backend.freshDatabase();
    Database.open(repeatable).close();
    failedRow(repeatable, "NULL", "x", "R__x.sql");
    assertRefused(repeatable, "repeatable");
  }

  @ParameterizedTest
  @MethodSource("dev.tally.server.testing.Backend#all")
  void aNewerBuildsFailedMigrationIsRefusedThoughFlywayLetsItThrough(Backend backend) {
    DatabaseConfig config = backend.freshDatabase();
    Database.open(config).close();
    failedRow(config, "'99'", "from the future", "V99__x.sql");
    assertRefused(config, "records a failed migration (V99 from the future)");

    execute(config, "UPDATE flyway_schema_history SET success = TRUE WHERE version = '99'");
    try (Database newer = Database.open(config)) {
      assertThat(newer.ranFlyway())
          .as("a newer build's migration that succeeded lets an older build serve (rolling)")
          .isTrue();
    }
  }

  /** Adds a failed migration to the history: {@code version} as SQL ({@code NULL} or quoted). */
  private static void failedRow(
      DatabaseConfig config, String version, String description, String script) {
    execute(
        config,
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success)"
            + " VALUES (100, "
            + version
            + ", '"
            + description
            + "', 'SQL', '"
            + script
            + "', 5, 'someone', 1, FALSE)");
  }

  /** Opening {@code config} is refused with one line that mentions {@code reason}. */
  private static void assertRefused(DatabaseConfig config, String reason) {
    assertThatThrownBy(() -> Database.open(config).close())
        .isInstanceOf(SchemaRefused.class)
        .hasMessageContaining(reason)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("\n")
                    .doesNotContain("\r")
                    .doesNotContain("rd.gt"));
  }

  @ParameterizedTest
  @MethodSource("dev.tally.server.testing.Backend#all")
  void aSchemaLackingTheNewestMigrationIsMigratedByFlyway(Backend backend) {
    DatabaseConfig config = backend.freshDatabase();
    flyway(config, "9").migrate();
    try (Database opened = Database.open(config)) {
      assertThat(opened.ranFlyway()).isTrue();
    }
    try (Database again = Database.open(config)) {
      assertThat(again.ranFlyway()).isFalse();
    }
  }

  private static Flyway flyway(DatabaseConfig config, String target) {
    var configure =
        Flyway.configure()
            .dataSource(config.jdbcUrl(), config.user(), config.password())
            .locations("classpath:db/migration")
            .javaMigrations(KnownMigrations.inJava());
    return (target == null ? configure : configure.target(target)).load();
  }

  private static void execute(DatabaseConfig config, String sql) {
    try (Connection c =
            DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
