package dev.tally.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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
  void aNegativeBoundIsRefused() {
    assertThatThrownBy(() -> new CredentialCache(Duration.ofSeconds(-1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
