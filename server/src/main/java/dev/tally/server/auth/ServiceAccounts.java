package dev.tally.server.auth;

import dev.tally.model.CallerText;
import dev.tally.server.errors.Failure;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Owner of {@code service_accounts} and {@code role_grants}: the callers of the Billing API. */
public final class ServiceAccounts {

  private static final String COLUMNS = "id, organization_id, name, created_at";

  private final Transaction db;

  public ServiceAccounts(Transaction db) {
    this.db = db;
  }

  /**
   * Creates a service account with a fresh id.
   *
   * @throws Failure INVALID_ARGUMENT for a blank name, NOT_FOUND for an unknown organization
   */
  public ServiceAccount create(String organizationId, String name, Instant now)
      throws SQLException {
    String shown = IdRules.requireName("service account name", name);
    db.organizations().require(organizationId);
    ServiceAccount account =
        new ServiceAccount(
            IdRules.random(), organizationId, shown, now.truncatedTo(ChronoUnit.MICROS));
    try (PreparedStatement s =
        db.prepare("INSERT INTO service_accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?)")) {
      s.setString(1, account.id());
      s.setString(2, account.organizationId());
      s.setString(3, account.name());
      JdbcColumns.setInstant(s, 4, account.createdAt());
      s.executeUpdate();
    }
    return account;
  }

  /**
   * The organization's service accounts, oldest first.
   *
   * @throws Failure NOT_FOUND for an unknown organization
   */
  public List<ServiceAccount> list(String organizationId) throws SQLException {
    db.organizations().require(organizationId);
    List<ServiceAccount> accounts = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT "
                + COLUMNS
                + " FROM service_accounts WHERE organization_id = ? ORDER BY created_at, id")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          accounts.add(read(rows));
        }
      }
    }
    return accounts;
  }

  public Optional<ServiceAccount> find(String id) throws SQLException {
    try (PreparedStatement s =
        db.prepare("SELECT " + COLUMNS + " FROM service_accounts WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  /**
   * The service account.
   *
   * @throws Failure NOT_FOUND when there is none
   */
  public ServiceAccount require(String id) throws SQLException {
    return find(id)
        .orElseThrow(
            () -> Failure.notFound("service account " + CallerText.quote(id) + " does not exist"));
  }

  /**
   * Grants a role. An organization grant must name the account's own organization and a cluster
   * grant one of its clusters, so no grant can ever reach into another tenant. Granting twice is a
   * no-op.
   *
   * @throws Failure NOT_FOUND for an unknown account or cluster, INVALID_ARGUMENT for another
   *     organization or a bad folder id
   */
  public RoleGrant grant(String serviceAccountId, RoleGrant grant) throws SQLException {
    ServiceAccount account = require(serviceAccountId);
    checkResourceBelongs(account, grant);
    if (!grants(serviceAccountId).contains(grant)) {
      try (PreparedStatement s =
          db.prepare(
              "INSERT INTO role_grants"
                  + " (service_account_id, role, resource_type, resource_id) VALUES (?, ?, ?, ?)")) {
        bind(s, serviceAccountId, grant);
        s.executeUpdate();
      }
    }
    return grant;
  }

  /**
   * Revokes a role.
   *
   * @throws Failure NOT_FOUND when it was never granted
   */
  public void revoke(String serviceAccountId, RoleGrant grant) throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "DELETE FROM role_grants"
                + " WHERE service_account_id = ? AND role = ? AND resource_type = ? AND resource_id = ?")) {
      bind(s, serviceAccountId, grant);
      if (s.executeUpdate() == 0) {
        throw Failure.notFound("service account " + serviceAccountId + " has no grant " + grant);
      }
    }
  }

  /** The account's grants, sorted by role, scope and resource. */
  public List<RoleGrant> grants(String serviceAccountId) throws SQLException {
    List<RoleGrant> grants = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT role, resource_type, resource_id FROM role_grants"
                + " WHERE service_account_id = ? ORDER BY role, resource_type, resource_id")) {
      s.setString(1, serviceAccountId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          grants.add(
              new RoleGrant(
                  Role.valueOf(rows.getString("role")),
                  ResourceType.valueOf(rows.getString("resource_type")),
                  rows.getString("resource_id")));
        }
      }
    }
    return grants;
  }

  private void checkResourceBelongs(ServiceAccount account, RoleGrant grant) throws SQLException {
    switch (grant.resourceType()) {
      case ORGANIZATION -> {
        if (!grant.resourceId().equals(account.organizationId())) {
          throw Failure.invalid(
              "an organization grant must name the service account's own organization "
                  + account.organizationId());
        }
      }
      case CLUSTER -> {
        boolean ours =
            db.clusters()
                .find(grant.resourceId())
                .filter(owned -> owned.organizationId().equals(account.organizationId()))
                .isPresent();
        if (!ours) {
          throw Failure.notFound(
              "cluster "
                  + grant.resourceId()
                  + " does not exist in organization "
                  + account.organizationId());
        }
      }
      case FOLDER -> IdRules.requireValid("folder id", grant.resourceId(), IdRules.MAX_RESOURCE_ID);
    }
  }

  private static void bind(PreparedStatement s, String serviceAccountId, RoleGrant grant)
      throws SQLException {
    s.setString(1, serviceAccountId);
    s.setString(2, grant.role().name());
    s.setString(3, grant.resourceType().name());
    s.setString(4, grant.resourceId());
  }

  private static ServiceAccount read(ResultSet rows) throws SQLException {
    return new ServiceAccount(
        rows.getString("id"),
        rows.getString("organization_id"),
        rows.getString("name"),
        JdbcColumns.getInstant(rows, "created_at"));
  }
}
