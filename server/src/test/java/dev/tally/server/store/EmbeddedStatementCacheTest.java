package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import dev.tally.server.Tally;
import dev.tally.server.testing.MutableClock;
import dev.tally.server.testing.OneClusterOrganizations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The embedded database keeps every statement of a month close parsed ({@link
 * Database#H2_QUERY_CACHE_SIZE}): with H2's default of 8 parsed statements per connection, each of
 * a close's transactions parsed all its statements again, over a quarter of the close's time.
 */
class EmbeddedStatementCacheTest {

  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

  @Test
  void everyDistinctStatementOfAMonthCloseFitsTheEmbeddedDatabasesStatementCache()
      throws Exception {
    DatabaseConfig config =
        DatabaseConfig.inMemory("cache" + UUID.randomUUID().toString().replace("-", ""));
    try (Tally tally = Tally.open(config, new MutableClock(NOW))) {
      tally.priceBooks().loadDefaultIfEmpty();
      OneClusterOrganizations.seed(tally, "o", 3);
      // H2 records each distinct statement text run from now on, by every connection.
      execute(tally, "SET QUERY_STATISTICS_MAX_ENTRIES 10000", "SET QUERY_STATISTICS TRUE");

      assertThat(tally.periodClose().closeAll(new BillingPeriod(YearMonth.of(2026, 10))).closed())
          .isEqualTo(3);

      List<String> closeStatements = new ArrayList<>();
      int cacheSize;
      try (Connection c = tally.database().dataSource().getConnection();
          Statement s = c.createStatement()) {
        try (ResultSet rows =
            s.executeQuery("SELECT SQL_STATEMENT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
          while (rows.next()) {
            String sql = rows.getString(1);
            if (!sql.startsWith("SET QUERY_STATISTICS")) {
              closeStatements.add(sql);
            }
          }
        }
        try (ResultSet rows =
            s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'")) {
          rows.next();
          cacheSize = Integer.parseInt(rows.getString(1));
        }
        c.rollback();
      }

      assertThat(cacheSize).isEqualTo(Database.H2_QUERY_CACHE_SIZE);
      assertThat(closeStatements)
          .as("a close runs more than a handful of distinct statements")
          .hasSizeGreaterThan(8);
      assertThat(closeStatements.size())
          .as("distinct statements of a close, each kept parsed: %s", closeStatements)
          .isLessThanOrEqualTo(cacheSize);
    }
  }

  @Test
  void anEmbeddedUrlGetsTheStatementCacheUnlessItSetsItsOwn() {
    assertThat(Database.withDriverDefaults("jdbc:h2:mem:a;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:mem:a;MODE=PostgreSQL;QUERY_CACHE_SIZE=128");
    assertThat(Database.withDriverDefaults("jdbc:h2:mem:a;query_cache_size=16"))
        .isEqualTo("jdbc:h2:mem:a;query_cache_size=16");
    // The data directory's URL (tally serve's default) included: it once set a smaller size.
    assertThat(
            Database.withDriverDefaults(DatabaseConfig.embedded(Path.of("/srv/tally")).jdbcUrl()))
        .endsWith(";QUERY_CACHE_SIZE=128")
        .containsOnlyOnce("QUERY_CACHE_SIZE");
    assertThat(Database.withDriverDefaults("jdbc:postgresql://db/tally"))
        .doesNotContain("QUERY_CACHE_SIZE");
  }

  private static void execute(Tally tally, String... statements) throws SQLException {
    try (Connection c = tally.database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
      c.commit();
    }
  }
}
