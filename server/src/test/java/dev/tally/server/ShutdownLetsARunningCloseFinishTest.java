package dev.tally.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.GatedClock;
import dev.tally.server.testing.OneClusterOrganizations;
import dev.tally.server.testing.ThreadStates;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Shutting down while the automatic close is finalizing a month (issue 12, item 4): {@link
 * App#close} waits for the close to finish, within the shutdown timeout, before the HTTP server
 * stops and the owner closes the pool, so every organization's month is closed once the stop
 * returns, and none is left half-done.
 *
 * <p>The close is held half-way by its clock ({@link GatedClock}: its workers are held once they
 * have asked the time {@link #LET_THROUGH} times) until the stop has begun, so the stop really
 * meets a running close, whatever the machine's speed.
 */
class ShutdownLetsARunningCloseFinishTest {

  private static final int ORGANIZATIONS = 100;

  /** Clock calls the close's workers make before they are held: a quarter of the whole close's. */
  private static final int LET_THROUGH = ORGANIZATIONS;

  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void stoppingWaitsForTheCloseThatIsFinalizingInvoices(Backend backend) throws Exception {
    GatedClock clock =
        new GatedClock(NOW, t -> t.getName().startsWith("tally-close-"), LET_THROUGH);
    Logger appLog = (Logger) LoggerFactory.getLogger(App.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    appLog.addAppender(logged);
    try (Tally tally = Tally.open(backend.freshDatabase(), clock)) {
      tally.priceBooks().loadDefaultIfEmpty();
      OneClusterOrganizations.seed(tally, "stop", ORGANIZATIONS);

      App app =
          App.start(
              tally,
              new App.Options(
                  "127.0.0.1",
                  0,
                  Duration.ofHours(24),
                  Duration.ofHours(1),
                  Duration.ofMinutes(2),
                  false));
      awaitHeldAfterFirstInvoices(tally, clock);
      Thread stopper = Thread.ofPlatform().name("sigterm").start(app::close);
      // In join: the stop has begun, and waits for the close, which is still held.
      ThreadStates.awaitTimedWaiting(stopper);
      long finalizedAtStop = finalized(tally);
      clock.open();
      stopper.join();
      long finalizedAfterStop = finalized(tally);

      assertThat(finalizedAtStop)
          .as("the stop began while the close was finalizing invoices")
          .isBetween(1L, 2L * ORGANIZATIONS - 1);
      // September and October of every organization.
      assertThat(finalizedAfterStop).isEqualTo(2L * ORGANIZATIONS);
      assertThat(logged.list)
          .as("the stop ended with the close, not at its timeout")
          .noneMatch(event -> event.getFormattedMessage().contains("still running"));
    } finally {
      appLog.detachAppender(logged);
    }
  }

  /** Waits until the close has finalized invoices and one of its workers is held. */
  private static void awaitHeldAfterFirstInvoices(Tally tally, GatedClock clock)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (clock.held() == 0 || finalized(tally) == 0) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the automatic close never began");
      }
      Thread.sleep(5);
    }
  }

  private static long finalized(Tally tally) {
    return tally.tx().read(db -> db.invoices().countFinalized());
  }
}
