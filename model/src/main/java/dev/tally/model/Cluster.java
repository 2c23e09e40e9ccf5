package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster as the reference describes it. Invoices embed it whole, so a reader sees the cluster as
 * it was when the invoice was made. Optional fields are {@code null} when absent.
 */
public record Cluster(
    String id,
    String name,
    @JsonProperty("cockroach_version") String cockroachVersion,
    @JsonProperty("upgrade_status") OpenEnum<ClusterUpgradeStatus> upgradeStatus,
    OpenEnum<Plan> plan,
    @JsonProperty("cloud_provider") OpenEnum<CloudProvider> cloudProvider,
    @JsonProperty("account_id") String accountId,
    OpenEnum<ClusterState> state,
    @JsonProperty("creator_id") String creatorId,
    @JsonProperty("operation_status") OpenEnum<ClusterStatus> operationStatus,
    ClusterConfig config,
    List<Region> regions,
    @JsonProperty("cidr_range") String cidrRange,
    Map<String, String> labels,
    @JsonProperty("is_customer_cloud_account") boolean customerCloudAccount,
    @JsonProperty("customer_cloud_account") CustomerCloudAccount customerCloudAccountDetails,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("deleted_at") Instant deletedAt,
    @JsonProperty("delete_protection") OpenEnum<DeleteProtectionState> deleteProtection,
    @JsonProperty("egress_traffic_policy") OpenEnum<EgressTrafficPolicy> egressTrafficPolicy,
    @JsonProperty("network_visibility") OpenEnum<NetworkVisibility> networkVisibility,
    @JsonProperty("parent_id") String parentId,
    @JsonProperty("sql_dns") String sqlDns,
    @JsonProperty("azure_cluster_identity_client_id") String azureClusterIdentityClientId) {

  public Cluster {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    cockroachVersion = Objects.requireNonNullElse(cockroachVersion, "");
    Objects.requireNonNull(upgradeStatus, "upgrade_status");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(cloudProvider, "cloud_provider");
    Objects.requireNonNull(state, "state");
    creatorId = Objects.requireNonNullElse(creatorId, "");
    Objects.requireNonNull(operationStatus, "operation_status");
    config = Objects.requireNonNullElse(config, new ClusterConfig(null, null));
    regions = List.copyOf(Objects.requireNonNullElse(regions, List.of()));
    cidrRange = Objects.requireNonNullElse(cidrRange, "");
    labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
  }

  /** The same cluster under another name, as after a rename. */
  public Cluster withName(String newName) {
    return new Cluster(
        id,
        newName,
        cockroachVersion,
        upgradeStatus,
        plan,
        cloudProvider,
        accountId,
        state,
        creatorId,
        operationStatus,
        config,
        regions,
        cidrRange,
        labels,
        customerCloudAccount,
        customerCloudAccountDetails,
        createdAt,
        updatedAt,
        deletedAt,
        deleteProtection,
        egressTrafficPolicy,
        networkVisibility,
        parentId,
        sqlDns,
        azureClusterIdentityClientId);
  }
}
