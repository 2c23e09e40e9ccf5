package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.Tally;
import dev.tally.server.health.Readiness;
import dev.tally.server.testing.MutableClock;
import dev.tally.server.testing.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A readiness check ({@link Database#ping}, behind {@code /readyz}) leaves no query timeout on the
 * pooled connection it used. H2 keeps a statement's query timeout on its session, so the connection
 * once cancelled every later statement of over a second ("Statement was canceled", a 503 for a big
 * ingestion batch). Embedded only: PostgreSQL's timeout belongs to the statement, and the check
 * could not fail there.
 */
class PingLeavesNoQueryTimeoutTest {

  @Test
  void aPooledConnectionHasNoQueryTimeoutAfterAReadinessCheck() throws Exception {
    DatabaseConfig config =
        DatabaseConfig.inMemory("ping" + UUID.randomUUID().toString().replace("-", ""));
    // One pooled connection: the check's and the next unit of work's are the same.
    try (Tally tally =
        Tally.open(
            config,
            new PoolSettings(1, Duration.ofSeconds(10)),
            new MutableClock(TestServer.DEFAULT_NOW))) {
      assertThat(new Readiness(tally.database(), Readiness.DEFAULT_TIMEOUT).check().ready())
          .isTrue();

      try (Connection c = tally.database().dataSource().getConnection();
          Statement s = c.createStatement()) {
        assertThat(s.getQueryTimeout()).as("seconds; 0 is none").isZero();
        c.rollback();
      }
    }
  }
}
