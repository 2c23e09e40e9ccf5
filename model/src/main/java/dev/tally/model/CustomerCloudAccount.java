package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The customer's own cloud account a cluster runs in; at most one of the three is set. */
public record CustomerCloudAccount(Aws aws, Azure azure, Gcp gcp) {

  /** An AWS account, named by the role CockroachDB Cloud assumes. */
  public record Aws(String arn) {}

  /** An Azure subscription in a tenant. */
  public record Azure(
      @JsonProperty("subscription_id") String subscriptionId,
      @JsonProperty("tenant_id") String tenantId) {}

  /** A GCP project, named by the service account CockroachDB Cloud impersonates. */
  public record Gcp(@JsonProperty("service_account_email") String serviceAccountEmail) {}
}
