package dev.tally.server.orgs;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tally.model.Cluster;
import dev.tally.model.Region;
import dev.tally.model.WireJson;
import dev.tally.server.errors.Failure;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Owner of {@code clusters}: each organization's clusters, kept as whole reference {@code Cluster}
 * objects in their canonical JSON form.
 */
public final class Clusters {

  private final Transaction db;

  public Clusters(Transaction db) {
    this.db = db;
  }

  /** A cluster and the organization that owns it. */
  public record Owned(String organizationId, Cluster cluster) {}

  /**
   * Adds a cluster to an organization.
   *
   * @throws Failure INVALID_ARGUMENT for a bad id, region name, name or label ({@link
   *     ClusterLabels}), NOT_FOUND for an unknown organization, ALREADY_EXISTS when the id is taken
   */
  public Cluster create(String organizationId, Cluster cluster) throws SQLException {
    IdRules.requireValid("cluster id", cluster.id(), IdRules.MAX_RESOURCE_ID);
    IdRules.requireName("cluster name", cluster.name());
    // A region is named by its cloud (us-east1, europe-west4): an id, which invoices print.
    for (Region region : cluster.regions() == null ? List.<Region>of() : cluster.regions()) {
      IdRules.requireValid("region name", region.name(), IdRules.MAX_RESOURCE_ID);
    }
    ClusterLabels.requireValid(cluster.labels());
    db.organizations().require(organizationId);
    if (find(cluster.id()).isPresent()) {
      throw Failure.alreadyExists("cluster " + cluster.id() + " already exists");
    }
    db.organizations().touch(organizationId);
    try (PreparedStatement s =
        db.prepare("INSERT INTO clusters (id, organization_id, name, body) VALUES (?, ?, ?, ?)")) {
      s.setString(1, cluster.id());
      s.setString(2, organizationId);
      s.setString(3, cluster.name());
      s.setString(4, write(cluster));
      s.executeUpdate();
    }
    return cluster;
  }

  /**
   * Renames a cluster; invoices rated from now on show the new name.
   *
   * @throws Failure INVALID_ARGUMENT for an empty name, NOT_FOUND when the organization has no such
   *     cluster
   */
  public Cluster rename(String organizationId, String clusterId, String newName)
      throws SQLException {
    String shown = IdRules.requireName("cluster name", newName);
    Cluster renamed =
        find(clusterId)
            .filter(found -> found.organizationId().equals(organizationId))
            .orElseThrow(
                () ->
                    Failure.notFound(
                        "cluster "
                            + clusterId
                            + " does not exist in organization "
                            + organizationId))
            .cluster()
            .withName(shown);
    db.organizations().touch(organizationId);
    try (PreparedStatement s = db.prepare("UPDATE clusters SET name = ?, body = ? WHERE id = ?")) {
      s.setString(1, renamed.name());
      s.setString(2, write(renamed));
      s.setString(3, clusterId);
      s.executeUpdate();
    }
    return renamed;
  }

  /** The organization's clusters, sorted by name, then id. */
  public List<Cluster> list(String organizationId) throws SQLException {
    List<Cluster> clusters = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare("SELECT body FROM clusters WHERE organization_id = ? ORDER BY name, id")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          clusters.add(read(rows.getString("body")));
        }
      }
    }
    return clusters;
  }

  /** The organization's clusters by id, as they are now. */
  public Map<String, Cluster> byId(String organizationId) throws SQLException {
    Map<String, Cluster> clusters = new TreeMap<>();
    for (Cluster cluster : list(organizationId)) {
      clusters.put(cluster.id(), cluster);
    }
    return clusters;
  }

  public Optional<Owned> find(String clusterId) throws SQLException {
    try (PreparedStatement s =
        db.prepare("SELECT organization_id, body FROM clusters WHERE id = ?")) {
      s.setString(1, clusterId);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next()
            ? Optional.of(
                new Owned(rows.getString("organization_id"), read(rows.getString("body"))))
            : Optional.empty();
      }
    }
  }

  /** The owning organization of each of {@code clusterIds} that exists. */
  public Map<String, String> owners(Collection<String> clusterIds) throws SQLException {
    return JdbcColumns.selectPairsIn(
        db, "SELECT id, organization_id FROM clusters WHERE id IN (?)", clusterIds);
  }

  private static String write(Cluster cluster) {
    try {
      return WireJson.writer().writeValueAsString(cluster);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Cluster read(String body) {
    try {
      return WireJson.reader().forType(Cluster.class).readValue(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
