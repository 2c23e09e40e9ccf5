package dev.tally.server.auth;

import dev.tally.server.Failure;
import dev.tally.server.orgs.Ids;
import dev.tally.server.orgs.OrganizationStore;
import dev.tally.server.store.Rows;
import dev.tally.server.store.Transactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Service accounts and the roles granted to them. */
public final class ServiceAccountStore {

  private final Transactor tx;
  private final Clock clock;

  public ServiceAccountStore(Transactor tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  public ServiceAccount create(String organizationId, String name) {
    if (name == null || name.isBlank()) {
      throw Failure.invalid("service account name must not be empty");
    }
    ServiceAccount account = new ServiceAccount(
        Ids.random(), organizationId, name.strip(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    return tx.write(c -> {
      OrganizationStore.require(c, organizationId);
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO service_accounts (id, organization_id, name, created_at) VALUES (?, ?, ?, ?)")) {
        s.setString(1, account.id());
        s.setString(2, account.organizationId());
        s.setString(3, account.name());
        Rows.setInstant(s, 4, account.createdAt());
        s.executeUpdate();
      }
      return account;
    });
  }

  public List<ServiceAccount> list(String organizationId) {
    return tx.read(c -> {
      OrganizationStore.require(c, organizationId);
      List<ServiceAccount> accounts = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT id, organization_id, name, created_at FROM service_accounts WHERE organization_id = ? ORDER BY created_at, id")) {
        s.setString(1, organizationId);
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            accounts.add(read(rows));
          }
        }
      }
      return accounts;
    });
  }

  public ServiceAccount require(String serviceAccountId) {
    return tx.read(c -> find(c, serviceAccountId))
        .orElseThrow(() -> Failure.notFound("service account " + serviceAccountId + " does not exist"));
  }

  /**
   * Grants a role. An organization grant must name the account's own organization and a cluster grant
   * one of its clusters, so no grant can ever reach into another tenant. Granting twice is a no-op.
   */
  public RoleGrant grant(String serviceAccountId, RoleGrant grant) {
    return tx.write(c -> {
      ServiceAccount account = find(c, serviceAccountId)
          .orElseThrow(() -> Failure.notFound("service account " + serviceAccountId + " does not exist"));
      checkResourceBelongs(c, account, grant);
      if (!grants(c, serviceAccountId).contains(grant)) {
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO role_grants (service_account_id, role, resource_type, resource_id) VALUES (?, ?, ?, ?)")) {
          s.setString(1, serviceAccountId);
          s.setString(2, grant.role().name());
          s.setString(3, grant.resourceType().name());
          s.setString(4, grant.resourceId());
          s.executeUpdate();
        }
      }
      return grant;
    });
  }

  /** Revokes a role; revoking one that was never granted is a NOT_FOUND failure. */
  public void revoke(String serviceAccountId, RoleGrant grant) {
    tx.write(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "DELETE FROM role_grants WHERE service_account_id = ? AND role = ? AND resource_type = ? AND resource_id = ?")) {
        s.setString(1, serviceAccountId);
        s.setString(2, grant.role().name());
        s.setString(3, grant.resourceType().name());
        s.setString(4, grant.resourceId());
        if (s.executeUpdate() == 0) {
          throw Failure.notFound("service account " + serviceAccountId + " has no grant " + grant);
        }
      }
      return null;
    });
  }

  public List<RoleGrant> grants(String serviceAccountId) {
    return tx.read(c -> grants(c, serviceAccountId));
  }

  static List<RoleGrant> grants(Connection c, String serviceAccountId) throws SQLException {
    List<RoleGrant> grants = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT role, resource_type, resource_id FROM role_grants WHERE service_account_id = ? ORDER BY role, resource_type, resource_id")) {
      s.setString(1, serviceAccountId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          grants.add(new RoleGrant(Role.valueOf(rows.getString("role")),
              ResourceType.valueOf(rows.getString("resource_type")), rows.getString("resource_id")));
        }
      }
    }
    return grants;
  }

  static Optional<ServiceAccount> find(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, organization_id, name, created_at FROM service_accounts WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private static void checkResourceBelongs(Connection c, ServiceAccount account, RoleGrant grant) throws SQLException {
    switch (grant.resourceType()) {
      case ORGANIZATION -> {
        if (!grant.resourceId().equals(account.organizationId())) {
          throw Failure.invalid("an organization grant must name the service account's own organization "
              + account.organizationId());
        }
      }
      case CLUSTER -> {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM clusters WHERE id = ? AND organization_id = ?")) {
          s.setString(1, grant.resourceId());
          s.setString(2, account.organizationId());
          try (ResultSet rows = s.executeQuery()) {
            if (!rows.next()) {
              throw Failure.notFound("cluster " + grant.resourceId() + " does not exist in organization "
                  + account.organizationId());
            }
          }
        }
      }
      case FOLDER -> Ids.requireValid("folder id", grant.resourceId(), Ids.MAX_RESOURCE_ID);
    }
  }

  private static ServiceAccount read(ResultSet rows) throws SQLException {
    return new ServiceAccount(rows.getString("id"), rows.getString("organization_id"), rows.getString("name"),
        Rows.getInstant(rows, "created_at"));
  }
}
