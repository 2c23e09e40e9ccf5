package dev.tally.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.CloudProvider;
import dev.tally.model.Plan;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shutting down while the automatic close is finalizing a month (issue 12, item 4): {@link
 * App#close} waits for the close to finish, within the shutdown timeout, before the HTTP server
 * stops and the owner closes the pool, so every organization's month is closed once the stop
 * returns, and none is left half-done.
 */
class ShutdownLetsARunningCloseFinishTest {

  private static final int ORGANIZATIONS = 200;
  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");
  private static final Instant CREATED = Instant.parse("2026-09-01T00:00:00Z");

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void stoppingWaitsForTheCloseThatIsFinalizingInvoices(Backend backend) throws Exception {
    try (Tally tally = Tally.open(backend.freshDatabase(), new MutableClock(NOW))) {
      tally.priceBooks().loadDefaultIfEmpty();
      seed(tally);

      App app =
          App.start(
              tally,
              new App.Options(
                  "127.0.0.1",
                  0,
                  Duration.ofHours(24),
                  Duration.ofHours(1),
                  Duration.ofMinutes(10),
                  false));
      long finalizedAtStop = awaitFirstInvoices(tally);
      app.close();
      long finalizedAfterStop = finalized(tally);

      assertThat(finalizedAtStop)
          .as("the stop began while the close was finalizing invoices")
          .isBetween(1L, 2L * ORGANIZATIONS - 1);
      // September and October of every organization.
      assertThat(finalizedAfterStop).isEqualTo(2L * ORGANIZATIONS);
    }
  }

  private static void seed(Tally tally) {
    List<JsonNode> events = new ArrayList<>();
    tally
        .tx()
        .write(
            db -> {
              for (int i = 0; i < ORGANIZATIONS; i++) {
                String org = "stop-" + i;
                db.organizations().create(org, "Stop " + i, CREATED);
                db.clusters()
                    .create(
                        org,
                        new ClusterSpec(
                                "c-" + i,
                                "c",
                                Plan.STANDARD,
                                CloudProvider.GCP,
                                List.of("us-central1"),
                                Map.of())
                            .toCluster(CREATED));
              }
              return null;
            });
    for (int i = 0; i < ORGANIZATIONS; i++) {
      ObjectNode event = JsonNodeFactory.instance.objectNode();
      event.put("event_id", "e-" + i);
      event.put("organization_id", "stop-" + i);
      event.put("cluster_id", "c-" + i);
      event.put("sku", "standard.compute");
      event.put("quantity", "2.5");
      event.put("timestamp", "2026-10-10T00:00:00Z");
      events.add(event);
    }
    assertThat(tally.ingestion().ingest(events).accepted()).isEqualTo(ORGANIZATIONS);
  }

  /** Waits until the close has finalized its first invoices; returns how many it has. */
  private static long awaitFirstInvoices(Tally tally) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      long finalized = finalized(tally);
      if (finalized > 0) {
        return finalized;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the automatic close never began");
  }

  private static long finalized(Tally tally) {
    return tally.tx().read(db -> db.invoices().countFinalized());
  }
}
