package dev.tally.server.orgs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.Cluster;
import dev.tally.server.Failure;
import dev.tally.server.store.Transactor;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keeps each organization's clusters as whole reference {@code Cluster} objects. */
public final class ClusterStore {

  private final Transactor tx;
  private final ObjectMapper json;

  public ClusterStore(Transactor tx, ObjectMapper json) {
    this.tx = tx;
    this.json = json;
  }

  /** Adds a cluster to an organization; its name must be unique there. */
  public Cluster create(String organizationId, Cluster cluster) {
    Ids.requireValid("cluster id", cluster.id(), Ids.MAX_RESOURCE_ID);
    if (cluster.name().isBlank()) {
      throw Failure.invalid("cluster name must not be empty");
    }
    return tx.write(c -> {
      OrganizationStore.require(c, organizationId);
      if (find(c, cluster.id()).isPresent()) {
        throw Failure.alreadyExists("cluster " + cluster.id() + " already exists");
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO clusters (id, organization_id, name, body) VALUES (?, ?, ?, ?)")) {
        s.setString(1, cluster.id());
        s.setString(2, organizationId);
        s.setString(3, cluster.name());
        s.setString(4, write(cluster));
        s.executeUpdate();
      }
      return cluster;
    });
  }

  /** Renames a cluster; invoices made from now on show the new name. */
  public Cluster rename(String organizationId, String clusterId, String newName) {
    if (newName == null || newName.isBlank()) {
      throw Failure.invalid("cluster name must not be empty");
    }
    return tx.write(c -> {
      Cluster renamed = find(c, clusterId)
          .filter(found -> found.organizationId().equals(organizationId))
          .orElseThrow(() -> Failure.notFound("cluster " + clusterId + " does not exist in organization " + organizationId))
          .cluster().withName(newName.strip());
      try (PreparedStatement s = c.prepareStatement("UPDATE clusters SET name = ?, body = ? WHERE id = ?")) {
        s.setString(1, renamed.name());
        s.setString(2, write(renamed));
        s.setString(3, clusterId);
        s.executeUpdate();
      }
      return renamed;
    });
  }

  /** The organization's clusters, sorted by name. */
  public List<Cluster> list(String organizationId) {
    return tx.read(c -> {
      List<Cluster> clusters = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT body FROM clusters WHERE organization_id = ? ORDER BY name, id")) {
        s.setString(1, organizationId);
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            clusters.add(read(rows.getString("body")));
          }
        }
      }
      return clusters;
    });
  }

  /** A cluster and the organization that owns it. */
  public record Owned(String organizationId, Cluster cluster) {}

  public Optional<Owned> find(String clusterId) {
    return tx.read(c -> find(c, clusterId));
  }

  private Optional<Owned> find(Connection c, String clusterId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT organization_id, body FROM clusters WHERE id = ?")) {
      s.setString(1, clusterId);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next()
            ? Optional.of(new Owned(rows.getString("organization_id"), read(rows.getString("body"))))
            : Optional.empty();
      }
    }
  }

  private String write(Cluster cluster) {
    try {
      return json.writeValueAsString(cluster);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Cluster read(String body) {
    try {
      return json.readValue(body, Cluster.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
