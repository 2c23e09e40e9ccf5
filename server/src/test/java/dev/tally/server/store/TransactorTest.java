package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.errors.Failure;
import dev.tally.server.testing.Backend;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class TransactorTest {

  @Parameter Backend backend;
  private static Database database;
  private static Transactor tx;

  @BeforeParameterizedClassInvocation
  static void open(Backend backend) {
    database = Database.open(backend.freshDatabase());
    tx = new Transactor(database.dataSource(), 5);
  }

  @AfterParameterizedClassInvocation
  static void close() {
    database.close();
  }

  private int count(String id) {
    return tx.read(db -> db.organizations().find(id).isPresent() ? 1 : 0);
  }

  private static void insert(Transaction db, String id) throws SQLException {
    db.organizations().create(id, "n", Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void aReadSeesOneSnapshotThoughAnotherTransactionCommitsMeanwhile() throws Exception {
    tx.write(
        db -> {
          insert(db, "snapshot");
          return null;
        });
    long[] seen =
        tx.read(
            db -> {
              long before = db.organizations().revision("snapshot").orElseThrow();
              Thread writer =
                  Thread.ofPlatform()
                      .start(
                          () ->
                              tx.write(
                                  other -> {
                                    other.organizations().touch("snapshot");
                                    return null;
                                  }));
              try {
                writer.join();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return new long[] {before, db.organizations().revision("snapshot").orElseThrow()};
            });

    assertThat(seen[1]).isEqualTo(seen[0]);
    long after = tx.read(db -> db.organizations().revision("snapshot").orElseThrow());
    assertThat(after).isEqualTo(seen[0] + 1);
  }

  @Test
  void aSerializationFailureIsRetriedAndItsPartialWritesRolledBack() {
    AtomicInteger attempts = new AtomicInteger();
    String result =
        tx.write(
            c -> {
              insert(c, "retried-" + attempts.get());
              if (attempts.incrementAndGet() < 3) {
                throw new SQLException("could not serialize access", "40001");
              }
              return "done";
            });
    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(3);
    assertThat(count("retried-0")).isZero();
    assertThat(count("retried-1")).isZero();
    assertThat(count("retried-2")).isOne();
  }

  @Test
  void otherSqlErrorsAreNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                tx.write(
                    c -> {
                      attempts.incrementAndGet();
                      throw new SQLException("syntax", "42601");
                    }))
        .isInstanceOf(StoreException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aFailureRollsBackAndReachesTheCallerUnchanged() {
    assertThatThrownBy(
            () ->
                tx.write(
                    c -> {
                      insert(c, "rolled-back");
                      throw Failure.invalid("no");
                    }))
        .isInstanceOf(Failure.class)
        .hasMessage("no");
    assertThat(count("rolled-back")).isZero();
  }

  @Test
  void retriesGiveUpAfterABoundedNumberOfAttempts() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                tx.write(
                    c -> {
                      attempts.incrementAndGet();
                      throw new SQLException("conflict", "40001");
                    }))
        .isInstanceOf(StoreException.class);
    assertThat(attempts).hasValue(5);
  }

  @Test
  void aUnitOfWorkCannotOpenASecondTransactionWhileHoldingOne() {
    assertThatThrownBy(() -> tx.read(outer -> tx.read(inner -> 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("second transaction");
    assertThatThrownBy(() -> tx.write(outer -> tx.read(inner -> 1)))
        .isInstanceOf(IllegalStateException.class);
    // The refusal leaves the thread able to run the next unit of work.
    assertThat(tx.<Integer>read(db -> 7)).isEqualTo(7);
  }

  @Test
  void aOneStatementReadSeesWhatCommittedBeforeItAndRefusesASecondStatement() {
    tx.write(
        db -> {
          insert(db, "alone");
          return null;
        });
    long before = tx.readOneStatement(db -> db.organizations().revision("alone").orElseThrow());
    tx.write(
        db -> {
          db.organizations().touch("alone");
          return null;
        });
    long after = tx.readOneStatement(db -> db.organizations().revision("alone").orElseThrow());
    assertThat(after).isEqualTo(before + 1);

    assertThatThrownBy(
            () ->
                tx.readOneStatement(
                    db -> {
                      db.organizations().revision("alone");
                      return db.organizations().revision("alone");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("use read");
    assertThatThrownBy(() -> tx.readOneStatement(outer -> tx.read(inner -> 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("second transaction");
    // The connections went back as every other unit of work expects them: out of autocommit, so
    // that a failed write is rolled back whole.
    long settled = tx.read(db -> db.organizations().revision("alone").orElseThrow());
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(
              () ->
                  tx.write(
                      db -> {
                        db.organizations().touch("alone");
                        throw new IllegalStateException("rolled back");
                      }))
          .hasMessage("rolled back");
    }
    long unchanged = tx.read(db -> db.organizations().revision("alone").orElseThrow());
    assertThat(unchanged).isEqualTo(settled);
  }
}
