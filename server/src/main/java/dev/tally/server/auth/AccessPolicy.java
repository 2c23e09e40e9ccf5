package dev.tally.server.auth;

import dev.tally.server.Failure;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Which roles, granted at which scope, each permission needs. Adding an endpoint means adding one
 * row here.
 */
public final class AccessPolicy {

  /** The roles that grant a permission, and the scope they must be granted at. */
  public record Rule(ResourceType scope, Set<Role> roles) {}

  private static final Map<Permission, Rule> RULES = new EnumMap<>(Map.of(
      // The reference: "Can be used by the following roles assigned at the organization scope".
      Permission.READ_INVOICES,
      new Rule(ResourceType.ORGANIZATION, Set.of(Role.BILLING_COORDINATOR, Role.CLUSTER_ADMIN))));

  /** Whether the principal holds a role that grants {@code permission} at the required scope. */
  public boolean allows(Principal principal, Permission permission) {
    Rule rule = RULES.get(permission);
    if (rule == null) {
      return false;
    }
    return principal.grants().stream().anyMatch(grant ->
        grant.resourceType() == rule.scope()
            && rule.roles().contains(grant.role())
            && (rule.scope() != ResourceType.ORGANIZATION || grant.resourceId().equals(principal.organizationId())));
  }

  /** Throws PERMISSION_DENIED unless {@link #allows}. */
  public void require(Principal principal, Permission permission) {
    if (!allows(principal, permission)) {
      Rule rule = RULES.get(permission);
      throw Failure.permissionDenied("this API key's service account lacks a role allowed to "
          + permission.name().toLowerCase().replace('_', ' ') + " (" + rule.roles().stream().sorted().toList()
          + " at the " + rule.scope().name().toLowerCase() + " scope)");
    }
  }

  /** The rule for a permission, for documentation and tests. */
  public Rule rule(Permission permission) {
    return RULES.get(permission);
  }
}
