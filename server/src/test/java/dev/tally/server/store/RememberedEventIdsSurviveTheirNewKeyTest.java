package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.model.BillingPeriod;
import dev.tally.server.Tally;
import dev.tally.server.testing.Backend;
import dev.tally.server.usage.UsageStore;
import dev.tally.server.usage.UsageStore.EventKey;
import dev.tally.server.usage.UsageStore.Remembered;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Migration V10 keys {@code usage_events} by (organization, event id): every id remembered before
 * it is still a duplicate after it, with its fingerprint, and a closed month's ids are still
 * forgotten.
 */
class RememberedEventIdsSurviveTheirNewKeyTest {

  private static final BillingPeriod SEPTEMBER = new BillingPeriod(YearMonth.of(2026, 9));
  private static final BillingPeriod OCTOBER = new BillingPeriod(YearMonth.of(2026, 10));

  @ParameterizedTest
  @MethodSource("dev.tally.server.testing.Backend#all")
  void anIdRememberedUnderTheOldKeyIsStillKnownWithItsFingerprint(Backend backend)
      throws SQLException {
    DatabaseConfig config = atVersion9(backend);
    try (Connection c =
        DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
      remember(c, "acme", "e-1", SEPTEMBER.firstDay(), "ab".repeat(32));
      remember(c, "acme", "e-2", OCTOBER.firstDay(), null); // from before fingerprints
      remember(c, "globex", "e-1", SEPTEMBER.firstDay(), "cd".repeat(32));
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }

    try (Tally tally = Tally.open(config, Clock.systemUTC())) {
      EventKey acme1 = new EventKey("acme", "e-1");
      EventKey acme2 = new EventKey("acme", "e-2");
      EventKey globex1 = new EventKey("globex", "e-1");
      List<EventKey> keys = List.of(acme1, acme2, globex1);
      Map<EventKey, String> before = tally.tx().read(db -> db.usage().fingerprints(keys));
      assertThat(before)
          .isEqualTo(Map.of(acme1, "ab".repeat(32), acme2, "", globex1, "cd".repeat(32)));
      Remembered again = new Remembered(acme1, SEPTEMBER.firstDay(), "ef".repeat(32));
      boolean rememberedAgain = tally.tx().write(db -> db.usage().rememberIfAllNew(List.of(again)));
      assertThat(rememberedAgain).as("the old row still holds the key").isFalse();

      UsageStore.Forgotten forgotten =
          tally.tx().write(db -> db.usage().forgetEventIds("acme", SEPTEMBER, null, 10));
      assertThat(forgotten).isEqualTo(new UsageStore.Forgotten(1, "e-1", false));
      Map<EventKey, String> after = tally.tx().read(db -> db.usage().fingerprints(keys));
      assertThat(after)
          .as("only acme's September id is forgotten")
          .containsOnlyKeys(acme2, globex1);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.tally.server.testing.Backend#all")
  void anIdAnInstanceOfThePreviousVersionCommitsWhileTheKeyChangesIsKept(Backend backend)
      throws Exception {
    DatabaseConfig config = atVersion9(backend);
    try (Connection older =
        DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
      older.setAutoCommit(false);
      remember(older, "acme", "before", SEPTEMBER.firstDay(), "ab".repeat(32));
      older.commit();
      // An older instance's batch, in flight when the migration starts.
      remember(older, "acme", "during", SEPTEMBER.firstDay(), "cd".repeat(32));
      var migration =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try (Database opened = Database.open(config)) {
                  return opened.ranFlyway();
                }
              });
      Thread.sleep(500); // the migration reaches the table and waits for the batch
      older.commit();
      assertThat(migration.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    try (Tally tally = Tally.open(config, Clock.systemUTC())) {
      EventKey before = new EventKey("acme", "before");
      EventKey during = new EventKey("acme", "during");
      Map<EventKey, String> found =
          tally.tx().read(db -> db.usage().fingerprints(List.of(before, during)));
      assertThat(found).isEqualTo(Map.of(before, "ab".repeat(32), during, "cd".repeat(32)));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.tally.server.testing.Backend#all")
  void anIdIsNeverStoredTwiceBetweenTheMigrationsStatements(Backend backend) throws Exception {
    DatabaseConfig config = atVersion9(backend);
    try (Connection migration =
            DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        Connection older =
            DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
      remember(older, "acme", "e-1", SEPTEMBER.firstDay(), null);
      List<String> statements = UsageEventsKeyedByOrganization.statements(migration);
      assertThat(statements).isNotEmpty();
      for (String statement : statements) {
        try (Statement s = migration.createStatement()) {
          s.execute(statement);
        }
        if (!migration.getAutoCommit()) {
          migration.commit();
        }
        // An older instance replaying the counted event, with the plain insert it makes.
        assertThatThrownBy(() -> remember(older, "acme", "e-1", SEPTEMBER.firstDay(), null))
            .as("after " + statement)
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
      }
      assertThat(UsageEventsKeyedByOrganization.statements(migration))
          .as("done: a second run only makes sure the old index is gone")
          .allMatch(statement -> statement.startsWith("DROP INDEX IF EXISTS"));
    }
  }

  /** A new database of {@code backend} with the schema as it was before V10. */
  private static DatabaseConfig atVersion9(Backend backend) {
    DatabaseConfig config = backend.freshDatabase();
    Flyway.configure()
        .dataSource(config.jdbcUrl(), config.user(), config.password())
        .locations("classpath:db/migration")
        .javaMigrations(KnownMigrations.inJava())
        .target("9")
        .load()
        .migrate();
    return config;
  }

  private static void remember(
      Connection c, String organization, String eventId, LocalDate month, String fingerprint)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO usage_events (organization_id, event_id, period_start, fingerprint)"
                + " VALUES (?, ?, ?, ?)")) {
      s.setString(1, organization);
      s.setString(2, eventId);
      s.setObject(3, month);
      s.setString(4, fingerprint);
      s.executeUpdate();
    }
  }
}
