package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A resource and its folder lineage (a preview field of the reference). */
public record FolderResource(
    @JsonProperty("resource_id") String resourceId,
    @JsonProperty("resource_type") OpenEnum<FolderResourceType> resourceType,
    @JsonProperty("parent_id") String parentId,
    @JsonProperty("organization_id") String organizationId,
    String name,
    List<PathSegment> path,
    Map<String, String> labels) {

  /** One ancestor folder. */
  public record PathSegment(String id, String name) {}
}
