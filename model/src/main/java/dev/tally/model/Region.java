package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** One region of a cluster. */
public record Region(
    String name,
    @JsonProperty("sql_dns") String sqlDns,
    @JsonProperty("ui_dns") String uiDns,
    @JsonProperty("internal_dns") String internalDns,
    @JsonProperty("private_endpoint_dns") String privateEndpointDns,
    @JsonProperty("node_count") int nodeCount,
    Boolean primary,
    @JsonProperty("s3_vpc_endpoint_id") String s3VpcEndpointId) {

  public Region {
    Objects.requireNonNull(name, "name");
    sqlDns = Objects.requireNonNullElse(sqlDns, "");
    uiDns = Objects.requireNonNullElse(uiDns, "");
    internalDns = Objects.requireNonNullElse(internalDns, "");
    privateEndpointDns = Objects.requireNonNullElse(privateEndpointDns, "");
  }
}
