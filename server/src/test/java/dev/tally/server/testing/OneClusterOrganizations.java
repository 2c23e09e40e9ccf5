package dev.tally.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.CloudProvider;
import dev.tally.model.Plan;
import dev.tally.server.Tally;
import dev.tally.server.orgs.ClusterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many small organizations for close tests: {@code prefix-0} to {@code prefix-(count-1)}, each
 * created at 2026-09-01T00:00:00Z with one STANDARD cluster {@code c-i} and one accepted event of
 * 2.5 {@code standard.compute} on 2026-10-10, so September and October each have an invoice to
 * close.
 */
public final class OneClusterOrganizations {

  public static final Instant CREATED = Instant.parse("2026-09-01T00:00:00Z");

  private OneClusterOrganizations() {}

  /** Creates the organizations and their clusters in one transaction, then ingests the events. */
  public static void seed(Tally tally, String prefix, int count) {
    tally
        .tx()
        .write(
            db -> {
              for (int i = 0; i < count; i++) {
                String org = prefix + "-" + i;
                db.organizations().create(org, "Organization " + org, CREATED);
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
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ObjectNode event = JsonNodeFactory.instance.objectNode();
      event.put("event_id", "e-" + i);
      event.put("organization_id", prefix + "-" + i);
      event.put("cluster_id", "c-" + i);
      event.put("sku", "standard.compute");
      event.put("quantity", "2.5");
      event.put("timestamp", "2026-10-10T00:00:00Z");
      events.add(event);
    }
    assertThat(tally.ingestion().ingest(events).accepted()).isEqualTo(count);
  }
}
