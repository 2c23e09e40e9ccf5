package dev.tally.server.auth;

import dev.tally.server.errors.Failure;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Which callers each permission needs. Routes declare a permission; the HTTP layer authenticates
 * the caller and asks {@link #require} before any handler runs. Adding an endpoint means adding one
 * row here, at most.
 */
public final class AccessPolicy {

  /** Who a permission is for. */
  private sealed interface Rule permits OrganizationRoles, OperatorOnly {}

  /**
   * Service accounts holding one of {@code roles} granted at {@code scope}, in their organization.
   */
  private record OrganizationRoles(ResourceType scope, Set<Role> roles) implements Rule {}

  /** Operator keys only; an organization's key cannot act as the operator. */
  private record OperatorOnly() implements Rule {}

  private static final Map<Permission, Rule> RULES =
      new EnumMap<>(
          Map.of(
              // The reference: "Can be used by the following roles assigned at the organization
              // scope".
              Permission.READ_INVOICES,
              new OrganizationRoles(
                  ResourceType.ORGANIZATION, Set.of(Role.BILLING_COORDINATOR, Role.CLUSTER_ADMIN)),
              Permission.OPERATE,
              new OperatorOnly()));

  /** Whether {@code caller} may do what {@code permission} covers. */
  public boolean allows(Caller caller, Permission permission) {
    return switch (RULES.get(permission)) {
      case OperatorOnly rule -> caller instanceof OperatorPrincipal;
      case OrganizationRoles rule ->
          caller instanceof Principal principal
              && principal.grants().stream()
                  .anyMatch(
                      grant ->
                          grant.resourceType() == rule.scope()
                              && rule.roles().contains(grant.role())
                              && (rule.scope() != ResourceType.ORGANIZATION
                                  || grant.resourceId().equals(principal.organizationId())));
    };
  }

  /**
   * Passes when {@link #allows}.
   *
   * @throws Failure UNAUTHENTICATED when the caller holds the wrong kind of key for the permission,
   *     PERMISSION_DENIED when a service account lacks the role
   */
  public void require(Caller caller, Permission permission) {
    if (allows(caller, permission)) {
      return;
    }
    switch (RULES.get(permission)) {
      case OperatorOnly rule ->
          throw Failure.unauthenticated(
              "this endpoint needs an operator key: 'Authorization: Bearer TALLYOP1_...'");
      case OrganizationRoles rule -> {
        if (!(caller instanceof Principal)) {
          throw Failure.unauthenticated(
              "this endpoint needs an organization's API key, not an operator key");
        }
        throw Failure.permissionDenied(
            "this API key's service account lacks a role allowed to "
                + permission.name().toLowerCase().replace('_', ' ')
                + " ("
                + rule.roles().stream().sorted().toList()
                + " at the "
                + rule.scope().name().toLowerCase()
                + " scope)");
      }
    }
  }
}
