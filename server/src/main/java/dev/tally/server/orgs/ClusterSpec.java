package dev.tally.server.orgs;

import dev.tally.model.CloudProvider;
import dev.tally.model.Cluster;
import dev.tally.model.ClusterConfig;
import dev.tally.model.ClusterState;
import dev.tally.model.ClusterStatus;
import dev.tally.model.ClusterUpgradeStatus;
import dev.tally.model.DedicatedHardwareConfig;
import dev.tally.model.OpenEnum;
import dev.tally.model.Plan;
import dev.tally.model.Region;
import dev.tally.model.ServerlessClusterConfig;
import dev.tally.model.UpgradeType;
import dev.tally.model.UsageLimits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cluster described by what an operator says of it, made into the reference {@code Cluster}
 * object that invoices embed: serverless for BASIC and STANDARD (in its first region), dedicated
 * for ADVANCED (a node group per region). What the reference requires and Tally does not track
 * (version, hardware, DNS names) is filled with plausible values. The id is taken whole, whatever
 * its length; {@link Clusters#create} checks it. Used by {@code tally clusters create}, the demo
 * and the tests, so they all describe clusters one way.
 *
 * @param regions at least one region name, such as {@code us-east1}
 */
public record ClusterSpec(
    String id,
    String name,
    Plan plan,
    CloudProvider cloud,
    List<String> regions,
    Map<String, String> labels) {

  public ClusterSpec {
    regions = List.copyOf(regions);
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one region");
    }
    labels = Map.copyOf(labels);
  }

  /** The reference {@code Cluster}, created (and last updated) at {@code createdAt}. */
  public Cluster toCluster(Instant createdAt) {
    return plan == Plan.ADVANCED ? dedicated(createdAt) : serverless(createdAt);
  }

  private Cluster serverless(Instant createdAt) {
    String region = regions.get(0);
    String host = host(region);
    ServerlessClusterConfig config =
        new ServerlessClusterConfig(
            routingId(),
            OpenEnum.of(UpgradeType.AUTOMATIC),
            plan == Plan.STANDARD
                ? new UsageLimits("4", null, null)
                : new UsageLimits(null, "50000000", "10240"));
    Region node =
        new Region(region, host, "", "internal-" + host, "private-" + host, 0, null, null);
    return cluster(createdAt, new ClusterConfig(null, config), List.of(node), "");
  }

  private Cluster dedicated(Instant createdAt) {
    DedicatedHardwareConfig hardware =
        new DedicatedHardwareConfig("n2-standard-4", 4, 150, new BigDecimal("16"), 0);
    List<Region> nodes =
        regions.stream()
            .map(
                region -> {
                  String host = host(region);
                  return new Region(
                      region, host, "admin-" + host, "internal-" + host, "", 3, null, null);
                })
            .toList();
    return cluster(
        createdAt,
        new ClusterConfig(hardware, null),
        nodes,
        cloud == CloudProvider.GCP ? "172.28.0.0/14" : "");
  }

  private Cluster cluster(
      Instant createdAt, ClusterConfig config, List<Region> nodes, String cidr) {
    return new Cluster(
        id,
        name,
        "v25.2.4",
        OpenEnum.of(ClusterUpgradeStatus.FINALIZED),
        OpenEnum.of(plan),
        OpenEnum.of(cloud),
        "",
        OpenEnum.of(ClusterState.CREATED),
        "7cde0cd9-0d8a-4008-8f90-45092ce8afc1",
        OpenEnum.of(ClusterStatus.UNSPECIFIED),
        config,
        nodes,
        cidr,
        labels,
        false,
        null,
        createdAt,
        createdAt,
        null,
        null,
        null,
        null,
        "root",
        nodes.get(0).sqlDns(),
        null);
  }

  /** {@code checkout-1a2b}: the name and up to four characters of the id, as routing ids read. */
  private String routingId() {
    return name + "-" + id.substring(0, Math.min(4, id.length()));
  }

  private String host(String region) {
    return routingId() + "." + cloud.name().toLowerCase(Locale.ROOT) + "-" + region + ".crdb.io";
  }
}
