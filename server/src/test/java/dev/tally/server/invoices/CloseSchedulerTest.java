package dev.tally.server.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.CloudProvider;
import dev.tally.model.Plan;
import dev.tally.server.Tally;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.GatedClock;
import dev.tally.server.testing.ThreadStates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How the automatic close stops (issue 12, item 4). */
class CloseSchedulerTest {

  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");
  private static final Instant CREATED = Instant.parse("2026-10-01T00:00:00Z");

  /**
   * A stop does not interrupt a running pass, so the pass itself must notice the stop when it ends.
   * It used to go on to sleep through the interval, and the stop waited for its whole timeout: the
   * interval here is a day and the timeout a minute, so such a stop reports that it timed out.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void aStopAskedDuringAPassEndsTheSchedulerWhenThePassEndsRatherThanAfterTheInterval(
      Backend backend) throws Exception {
    // The scheduler's thread is held at the first time it asks for: its pass has begun.
    GatedClock clock = new GatedClock(NOW, t -> t.getName().equals("tally-period-close"), 0);
    try (Tally tally = Tally.open(backend.freshDatabase(), clock)) {
      tally.priceBooks().loadDefaultIfEmpty();
      seedOneOrganizationWithOctoberUsage(tally);
      CloseScheduler scheduler =
          new CloseScheduler(tally.periodClose(), clock, Duration.ofHours(24), Duration.ofDays(1))
              .start();
      awaitHeld(clock);

      AtomicBoolean stoppedInTime = new AtomicBoolean();
      Thread stopper =
          Thread.ofPlatform()
              .name("stopper")
              .start(() -> stoppedInTime.set(scheduler.close(Duration.ofMinutes(1))));
      // In join: the stop has been asked while the pass is still held, half-way.
      ThreadStates.awaitTimedWaiting(stopper);
      assertThat(finalized(tally)).as("the pass is held before it closes anything").isZero();
      clock.open();
      stopper.join();

      assertThat(stoppedInTime).as("the scheduler stopped within the timeout").isTrue();
      assertThat(finalized(tally)).as("the pass finished: October is closed").isEqualTo(1);
    }
  }

  private static void seedOneOrganizationWithOctoberUsage(Tally tally) {
    tally
        .tx()
        .write(
            db -> {
              db.organizations().create("o", "O", CREATED);
              db.clusters()
                  .create(
                      "o",
                      new ClusterSpec(
                              "c",
                              "c",
                              Plan.STANDARD,
                              CloudProvider.GCP,
                              List.of("us-central1"),
                              Map.of())
                          .toCluster(CREATED));
              return null;
            });
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("event_id", "e");
    event.put("organization_id", "o");
    event.put("cluster_id", "c");
    event.put("sku", "standard.compute");
    event.put("quantity", "2.5");
    event.put("timestamp", "2026-10-10T00:00:00Z");
    List<JsonNode> events = List.of(event);
    assertThat(tally.ingestion().ingest(events).accepted()).isEqualTo(1);
  }

  private static void awaitHeld(GatedClock clock) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (clock.held() == 0) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the scheduler never began a pass");
      }
      Thread.sleep(1);
    }
  }

  private static long finalized(Tally tally) {
    return tally.tx().read(db -> db.invoices().countFinalized());
  }
}
