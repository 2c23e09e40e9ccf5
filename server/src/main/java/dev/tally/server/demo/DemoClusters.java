package dev.tally.server.demo;

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
import java.util.Map;

/** Reference {@code Cluster} objects that look like real ones. */
public final class DemoClusters {

  private DemoClusters() {}

  public static Cluster serverless(
      String id,
      String name,
      Plan plan,
      CloudProvider cloud,
      String region,
      Instant createdAt,
      Map<String, String> labels) {
    String host =
        name
            + "-"
            + id.substring(0, 4)
            + "."
            + cloud.name().toLowerCase()
            + "-"
            + region
            + ".crdb.io";
    ServerlessClusterConfig serverless =
        new ServerlessClusterConfig(
            name + "-" + id.substring(0, 4),
            OpenEnum.of(UpgradeType.AUTOMATIC),
            plan == Plan.STANDARD
                ? new UsageLimits("4", null, null)
                : new UsageLimits(null, "50000000", "10240"));
    return cluster(
        id,
        name,
        plan,
        cloud,
        createdAt,
        labels,
        new ClusterConfig(null, serverless),
        List.of(new Region(region, host, "", "internal-" + host, "private-" + host, 0, null, null)),
        "");
  }

  public static Cluster dedicated(
      String id,
      String name,
      CloudProvider cloud,
      List<String> regions,
      Instant createdAt,
      Map<String, String> labels) {
    DedicatedHardwareConfig hardware =
        new DedicatedHardwareConfig("n2-standard-4", 4, 150, new BigDecimal("16"), 0);
    List<Region> nodes =
        regions.stream()
            .map(
                r -> {
                  String host =
                      name
                          + "-"
                          + id.substring(0, 4)
                          + "."
                          + cloud.name().toLowerCase()
                          + "-"
                          + r
                          + ".crdb.io";
                  return new Region(
                      r, host, "admin-" + host, "internal-" + host, "", 3, null, null);
                })
            .toList();
    return cluster(
        id,
        name,
        Plan.ADVANCED,
        cloud,
        createdAt,
        labels,
        new ClusterConfig(hardware, null),
        nodes,
        cloud == CloudProvider.GCP ? "172.28.0.0/14" : "");
  }

  private static Cluster cluster(
      String id,
      String name,
      Plan plan,
      CloudProvider cloud,
      Instant createdAt,
      Map<String, String> labels,
      ClusterConfig config,
      List<Region> regions,
      String cidr) {
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
        regions,
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
        regions.get(0).sqlDns(),
        null);
  }
}
