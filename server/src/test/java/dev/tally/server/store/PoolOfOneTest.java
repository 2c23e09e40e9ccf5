package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.Tally;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.MutableClock;
import dev.tally.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pool of one connection is a working configuration ({@code --pool-size 1}): the schema is
 * migrated on connections of its own (Flyway holds two at once), and the database then works
 * through the single pooled connection. The whole suite on a pool of one is {@code bin/test -pl
 * server -am -Dtally.test.poolSize=1} (see {@link TestServer#pool}).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class PoolOfOneTest {

  @Parameter Backend backend;

  @Test
  void aPoolOfOneMigratesAFreshDatabaseAndServesFromIt() throws Exception {
    DatabaseConfig config = backend.freshDatabase();
    try (Tally tally =
        Tally.open(
            config,
            new PoolSettings(1, Duration.ofSeconds(10)),
            new MutableClock(TestServer.DEFAULT_NOW))) {
      assertThat(tally.database().schemaState(Duration.ofSeconds(5)).pending()).isZero();
      tally.database().ping(Duration.ofSeconds(5));
      java.util.List<dev.tally.server.orgs.Organization> none =
          tally.tx().read(db -> db.organizations().list());
      assertThat(none).isEmpty();
      tally.priceBooks().loadDefaultIfEmpty();
    }
  }
}
