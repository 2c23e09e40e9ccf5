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
  void theKnownChecksumsAreThoseFlywayComputesForThisBuildsMigrations() {
    DatabaseConfig config = Backend.all().findFirst().orElseThrow().freshDatabase();
    Flyway flyway = flyway(config, null);
    flyway.migrate();
    Map<String, Integer> computed = new TreeMap<>();
    for (MigrationInfo migration : flyway.info().applied()) {
      computed.put(migration.getVersion().getVersion(), migration.getChecksum());
    }
    assertThat(new TreeMap<>(KnownMigrations.CHECKSUMS))
        .as("KnownMigrations.CHECKSUMS must list every migration with Flyway's checksum")
        .isEqualTo(computed);
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
    assertThatThrownBy(() -> Database.open(config).close())
        .as("an edited migration is still caught by Flyway's validation")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("checksum");
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

  private static void execute(DatabaseConfig config, String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }
}
