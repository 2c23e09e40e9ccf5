package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** Settings of a serverless (Basic or Standard) cluster. */
public record ServerlessClusterConfig(
    @JsonProperty("routing_id") String routingId,
    @JsonProperty("upgrade_type") OpenEnum<UpgradeType> upgradeType,
    @JsonProperty("usage_limits") UsageLimits usageLimits) {

  public ServerlessClusterConfig {
    Objects.requireNonNull(routingId, "routing_id");
    Objects.requireNonNull(upgradeType, "upgrade_type");
  }
}
