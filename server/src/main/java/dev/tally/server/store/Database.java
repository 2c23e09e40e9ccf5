package dev.tally.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** An open, migrated database: the pooled connections every store draws from. */
public final class Database implements AutoCloseable {

  private final HikariDataSource pool;
  private final DatabaseConfig config;

  private Database(HikariDataSource pool, DatabaseConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /** Opens the pool and brings the schema up to the newest migration. */
  public static Database open(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    if (config.user() != null) {
      hikari.setUsername(config.user());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password());
    }
    hikari.setPoolName("tally");
    hikari.setMaximumPoolSize(config.isEmbedded() ? 8 : 16);
    hikari.setAutoCommit(false);
    hikari.setConnectionTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the database at " + config.describe() + ": " + rootMessage(e), e);
    }
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new IllegalStateException(
          "cannot migrate the database at " + config.describe() + ": " + rootMessage(e), e);
    }
    return new Database(pool, config);
  }

  public DataSource dataSource() {
    return pool;
  }

  public DatabaseConfig config() {
    return config;
  }

  @Override
  public void close() {
    pool.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
