package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.model.BillingPeriod;
import dev.tally.server.Tally;
import dev.tally.server.invoices.StoredRating;
import dev.tally.server.testing.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Migrations V7 to V9 move every rating record kept in {@code rating_records} into its invoice's
 * row, unchanged, and drop the old table: a database that kept records before them verifies and
 * explains the same after.
 */
class RatingRecordsMoveIntoTheirInvoicesTest {

  private static final BillingPeriod SEPTEMBER = new BillingPeriod(YearMonth.of(2026, 9));
  private static final BillingPeriod OCTOBER = new BillingPeriod(YearMonth.of(2026, 10));

  @ParameterizedTest
  @MethodSource("dev.tally.server.testing.Backend#all")
  void aRecordKeptInItsOldTableIsReadFromItsInvoicesRowAfterwards(Backend backend)
      throws SQLException {
    DatabaseConfig config = backend.freshDatabase();
    Flyway.configure()
        .dataSource(config.jdbcUrl(), config.user(), config.password())
        .locations("classpath:db/migration")
        .target("6")
        .load()
        .migrate();
    try (Connection c =
        DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
      execute(
          c,
          "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)",
          "acme",
          "Acme",
          Timestamp.from(Instant.parse("2026-08-01T00:00:00Z")));
      for (BillingPeriod month : new BillingPeriod[] {SEPTEMBER, OCTOBER}) {
        execute(
            c,
            "INSERT INTO invoices (id, organization_id, period_start, period_end, status, body)"
                + " VALUES (?, 'acme', ?, ?, 'FINALIZED', '{}')",
            "inv_acme_" + month,
            Timestamp.from(month.start()),
            Timestamp.from(month.end()));
      }
      // September was rated and kept its record; October was imported and has none.
      execute(
          c,
          "INSERT INTO rating_records (organization_id, period_start, invoice_id,"
              + " price_book_revision, body, digest, created_at) VALUES ('acme', ?, ?, 3, ?, ?, ?)",
          java.sql.Date.valueOf(SEPTEMBER.firstDay()),
          "inv_acme_2026-09",
          "{\"format\":1,\"period\":\"2026-09\"}",
          "cd".repeat(32),
          Timestamp.from(Instant.parse("2026-10-02T00:00:00Z")));
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }

    try (Tally tally = Tally.open(config, Clock.systemUTC())) {
      tally
          .tx()
          .read(
              db -> {
                assertThat(db.invoices().ratingRecord("acme", SEPTEMBER))
                    .contains(
                        new StoredRating(
                            "acme",
                            SEPTEMBER,
                            "inv_acme_2026-09",
                            3,
                            "{\"format\":1,\"period\":\"2026-09\"}",
                            "cd".repeat(32)));
                assertThat(db.invoices().digest("acme", SEPTEMBER))
                    .isEqualTo(Optional.of("cd".repeat(32)));
                assertThat(db.invoices().ratingRecord("acme", OCTOBER)).isEmpty();
                return null;
              });
      try (Connection c = tally.database().dataSource().getConnection()) {
        assertThatThrownBy(
                () -> c.createStatement().executeQuery("SELECT COUNT(*) FROM rating_records"))
            .isInstanceOf(SQLException.class);
        c.rollback();
      }
    }
  }

  private static void execute(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      s.executeUpdate();
    }
  }
}
