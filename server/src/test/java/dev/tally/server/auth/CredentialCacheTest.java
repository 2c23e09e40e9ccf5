package dev.tally.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.store.ConnectionWaits;
import dev.tally.server.store.StoreException;
import dev.tally.server.testing.MutableClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CredentialCacheTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-15T00:00:00Z"));
  private final AtomicInteger lookups = new AtomicInteger();

  private Optional<CredentialCache.Entry> unknown(String keyId) {
    lookups.incrementAndGet();
    return Optional.empty();
  }

  @Test
  void anUnknownKeyIdIsLookedUpOncePerStalenessInterval() {
    CredentialCache cache = new CredentialCache(Duration.ofSeconds(5), clock);
    for (int i = 0; i < 1_000; i++) {
      assertThat(cache.get("k1", this::unknown)).isEmpty();
    }
    assertThat(lookups).hasValue(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(cache.get("k1", this::unknown)).isEmpty();
    assertThat(lookups).hasValue(2);
  }

  @Test
  void aZeroBoundReadsEveryTime() {
    CredentialCache cache = new CredentialCache(Duration.ZERO, clock);
    cache.get("k1", this::unknown);
    cache.get("k1", this::unknown);
    assertThat(lookups).hasValue(2);
  }

  @Test
  void aForgottenKeyIsReadAgainAtOnce() {
    CredentialCache cache = new CredentialCache(Duration.ofSeconds(5), clock);
    cache.get("k1", this::unknown);
    cache.forget("k1");
    cache.get("k1", this::unknown);
    assertThat(lookups).hasValue(2);
  }

  @Test
  @Timeout(30) // a cache that makes callers queue for a lock of their own never gets them waiting
  void concurrentRequestsForOneKeyIdShareOneLookupAndItsFailureFailsOnlyTheRequestThatMadeIt()
      throws Exception {
    CredentialCache cache = new CredentialCache(Duration.ofSeconds(5), clock);
    CountDownLatch lookupStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The first lookup is held, then fails (a statement cancelled); those made after it answer.
    Function<String, Optional<CredentialCache.Entry>> failingOnce =
        keyId -> {
          if (lookups.incrementAndGet() > 1) {
            return Optional.empty();
          }
          lookupStarted.countDown();
          awaitQuietly(release);
          throw new StoreException(new SQLException("canceling statement due to user request"));
        };
    int callers = 8;
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Optional<CredentialCache.Entry>> answers = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      Thread caller =
          new Thread(
              () -> {
                try {
                  answers.add(cache.get("k1", failingOnce));
                } catch (RuntimeException e) {
                  failures.add(e);
                }
              });
      threads.add(caller);
      caller.start();
      if (i == 0) {
        lookupStarted.await();
      }
    }
    // Every other caller waits for the one lookup under way, rather than for a lock to run its own.
    for (Thread caller : threads) {
      while (caller.getState() != Thread.State.WAITING) {
        Thread.sleep(5);
      }
    }
    assertThat(lookups).as("one lookup while the first is under way").hasValue(1);
    release.countDown();
    for (Thread caller : threads) {
      caller.join(10_000);
    }
    assertThat(failures)
        .as("only the request whose lookup failed")
        .hasSize(1)
        .allSatisfy(e -> assertThat(e).isInstanceOf(StoreException.class));
    assertThat(answers).hasSize(callers - 1).allMatch(Optional::isEmpty);
  }

  @Test
  @Timeout(30)
  void aRequestThatWaitedForAnotherLookupIsChargedOnlyWhatThatLookupWaitedForConnections()
      throws Exception {
    // Standing for the lookup's wait for a pooled connection, counted in its own request's scope.
    for (long poolWait : new long[] {0, Duration.ofSeconds(10).toNanos()}) {
      CredentialCache cache = new CredentialCache(Duration.ofSeconds(5), clock);
      CountDownLatch lookupStarted = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread leader =
          new Thread(
              () -> {
                try (ConnectionWaits.Scope scope = ConnectionWaits.begin()) {
                  cache.get(
                      "k1",
                      keyId -> {
                        ConnectionWaits.charge(poolWait);
                        lookupStarted.countDown();
                        awaitQuietly(release);
                        return Optional.empty();
                      });
                }
              });
      leader.start();
      lookupStarted.await();
      long[] charged = new long[1];
      Thread waiter =
          new Thread(
              () -> {
                try (ConnectionWaits.Scope scope = ConnectionWaits.begin()) {
                  cache.get("k1", this::unknown);
                  charged[0] = ConnectionWaits.spent();
                }
              });
      waiter.start();
      while (waiter.getState() != Thread.State.WAITING) {
        Thread.sleep(5);
      }
      Thread.sleep(20);
      release.countDown();
      waiter.join(10_000);
      leader.join(10_000);

      assertThat(lookups).as("the waiter took the lookup under way").hasValue(0);
      if (poolWait == 0) {
        assertThat(charged[0]).as("a lookup slowed without waiting for connections").isZero();
      } else {
        assertThat(charged[0]).as("its whole wait, which the lookup spent waiting").isPositive();
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aKeyIdFoundToExistIsKnownForTenMinutesAndAnUnknownOneIsNot() {
    CredentialCache cache = new CredentialCache(Duration.ofSeconds(5), clock);
    cache.get("k1", this::unknown);
    assertThat(cache.isKnown(ApiKeySecret.ORGANIZATION, "k1")).isFalse();
    cache.rememberKnown(ApiKeySecret.OPERATOR, "op1");
    assertThat(cache.isKnown(ApiKeySecret.OPERATOR, "op1")).isTrue();
    assertThat(cache.isKnown(ApiKeySecret.ORGANIZATION, "op1")).isFalse();
    clock.advance(CredentialCache.KNOWN_FOR);
    assertThat(cache.isKnown(ApiKeySecret.OPERATOR, "op1")).isFalse();
  }

  @Test
  void anUnknownOperatorKeyIdIsRememberedWithinTheStalenessBound() {
    CredentialCache cache = new CredentialCache(Duration.ofSeconds(5), clock);
    cache.rememberUnknownOperatorKey("op1");
    assertThat(cache.isUnknownOperatorKey("op1")).isTrue();
    assertThat(cache.isUnknownOperatorKey("op2")).isFalse();
    clock.advance(Duration.ofSeconds(5));
    assertThat(cache.isUnknownOperatorKey("op1")).isFalse();
    CredentialCache none = new CredentialCache(Duration.ZERO, clock);
    none.rememberUnknownOperatorKey("op1");
    assertThat(none.isUnknownOperatorKey("op1")).isFalse();
  }

  @Test
  void aNegativeBoundIsRefused() {
    assertThatThrownBy(() -> new CredentialCache(Duration.ofSeconds(-1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
