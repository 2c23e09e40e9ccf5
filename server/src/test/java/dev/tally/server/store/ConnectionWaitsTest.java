package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inside one {@link ConnectionWaits} scope (one HTTP request) the waits for connections add up to
 * at most the pool's timeout: once a request has waited it all, its next acquisition is refused
 * without asking the pool, even with a connection free. Checked by what is refused, not by a clock:
 * a pool of two connections (Flyway's migration needs two) that the test holds makes the first wait
 * run to its timeout.
 */
@Timeout(60)
class ConnectionWaitsTest {

  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private Database database;
  private Transactor tx;

  @BeforeEach
  void open() {
    database =
        Database.open(
            DatabaseConfig.inMemory("waits" + System.nanoTime()),
            new PoolSettings(2, TIMEOUT),
            null);
    tx = new Transactor(database.dataSource(), 1);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aCappedScopeGivesUpAtItsCapAndThenWaitsNoMore() throws Exception {
    long cap = TIMEOUT.toNanos() / 4;
    try (ConnectionWaits.Scope hot = ConnectionWaits.beginWithin(cap)) {
      try (Connection held = database.dataSource().getConnection();
          Connection heldToo = database.dataSource().getConnection()) {
        assertThatThrownBy(() -> tx.read(db -> 1)).isInstanceOf(StoreException.class);
        // Well under the pool's timeout, which an uncapped scope waits in full.
        assertThat(ConnectionWaits.current()[0]).isLessThan(TIMEOUT.toNanos());
      }
      assertThatThrownBy(() -> tx.read(db -> 1))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("already waited");
    }
    try (ConnectionWaits.Scope router = ConnectionWaits.begin()) {
      assertThat(tx.<Integer>read(db -> 3).intValue()).isEqualTo(3);
    }
  }

  @Test
  void aRequestThatWaitedItsWholeTimeoutGetsNoSecondWaitEvenWithAConnectionFree() throws Exception {
    try (ConnectionWaits.Scope request = ConnectionWaits.begin()) {
      try (Connection held = database.dataSource().getConnection();
          Connection heldToo = database.dataSource().getConnection()) {
        assertThatThrownBy(() -> tx.read(db -> 1)).isInstanceOf(StoreException.class);
        assertThat(ConnectionWaits.current()[0]).isGreaterThanOrEqualTo(TIMEOUT.toNanos() / 2);
      }
      // Both connections are free now, but this request has had its wait.
      assertThatThrownBy(() -> tx.read(db -> 1))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("already waited its whole database timeout");
    }
    // Outside the request, and in the next one, the free connection is handed out.
    assertThat(tx.<Integer>read(db -> 1).intValue()).isEqualTo(1);
    try (ConnectionWaits.Scope next = ConnectionWaits.begin()) {
      assertThat(tx.<Integer>read(db -> 2).intValue()).isEqualTo(2);
    }
  }

  @Test
  void withoutAScopeEveryAcquisitionMayWaitTheWholeTimeout() throws Exception {
    try (Connection held = database.dataSource().getConnection();
        Connection heldToo = database.dataSource().getConnection()) {
      assertThatThrownBy(() -> tx.read(db -> 1)).isInstanceOf(StoreException.class);
    }
    assertThat(tx.<Integer>read(db -> 1).intValue()).isEqualTo(1);
    assertThat(ConnectionWaits.current()).isNull();
  }

  @Test
  void everyAcquisitionInAScopeIsCounted() {
    try (ConnectionWaits.Scope request = ConnectionWaits.begin()) {
      long[] spent = ConnectionWaits.current();
      for (int i = 0; i < 3; i++) {
        long before = spent[0];
        tx.read(db -> 1);
        assertThat(spent[0]).isGreaterThan(before);
      }
    }
    assertThat(ConnectionWaits.current()).isNull();
  }
}
