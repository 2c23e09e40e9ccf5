package dev.tally.server.auth;

import java.util.Objects;

/** A role granted to a service account on one resource. */
public record RoleGrant(Role role, ResourceType resourceType, String resourceId) {

  public RoleGrant {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
  }

  @Override
  public String toString() {
    return role + " on " + resourceType + " " + resourceId;
  }
}
