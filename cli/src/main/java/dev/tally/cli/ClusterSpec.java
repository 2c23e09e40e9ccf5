package dev.tally.cli;

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
 * The cluster that {@code tally clusters create} describes with its options, as the reference
 * {@code Cluster} object that invoices embed: serverless for BASIC and STANDARD, dedicated for
 * ADVANCED, in one region. The id is taken whole, whatever its length; the store checks it.
 */
record ClusterSpec(
    String id,
    String name,
    Plan plan,
    CloudProvider cloud,
    String region,
    Map<String, String> labels) {

  ClusterSpec {
    labels = Map.copyOf(labels);
  }

  Cluster toCluster(Instant createdAt) {
    return plan == Plan.ADVANCED ? dedicated(createdAt) : serverless(createdAt);
  }

  private Cluster serverless(Instant createdAt) {
    String host = host();
    ServerlessClusterConfig config =
        new ServerlessClusterConfig(
            routingId(),
            OpenEnum.of(UpgradeType.AUTOMATIC),
            plan == Plan.STANDARD
                ? new UsageLimits("4", null, null)
                : new UsageLimits(null, "50000000", "10240"));
    Region node =
        new Region(region, host, "", "internal-" + host, "private-" + host, 0, null, null);
    return cluster(createdAt, new ClusterConfig(null, config), node, "");
  }

  private Cluster dedicated(Instant createdAt) {
    String host = host();
    DedicatedHardwareConfig hardware =
        new DedicatedHardwareConfig("n2-standard-4", 4, 150, new BigDecimal("16"), 0);
    Region nodes = new Region(region, host, "admin-" + host, "internal-" + host, "", 3, null, null);
    return cluster(
        createdAt,
        new ClusterConfig(hardware, null),
        nodes,
        cloud == CloudProvider.GCP ? "172.28.0.0/14" : "");
  }

  private Cluster cluster(Instant createdAt, ClusterConfig config, Region node, String cidr) {
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
        List.of(node),
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
        node.sqlDns(),
        null);
  }

  /** {@code checkout-1a2b}: the name and up to four characters of the id, as routing ids read. */
  private String routingId() {
    return name + "-" + id.substring(0, Math.min(4, id.length()));
  }

  private String host() {
    return routingId() + "." + cloud.name().toLowerCase(Locale.ROOT) + "-" + region + ".crdb.io";
  }
}
