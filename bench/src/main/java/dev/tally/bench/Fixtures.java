package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CloudProvider;
import dev.tally.model.Plan;
import dev.tally.server.Tally;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.store.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Organizations, clusters, keys and usage events for the benchmarks, made through the tally. */
final class Fixtures {

  /** The SKUs of a STANDARD serverless cluster, with a typical quantity of one event. */
  static final String[] SKUS = {
    "standard.compute", "standard.storage", "data_transfer.internet_egress"
  };

  static final String[] QUANTITIES = {"0.25", "12.5", "0.004"};

  private Fixtures() {}

  static String orgId(String prefix, int i) {
    return String.format("%s-%05d", prefix, i);
  }

  static String clusterId(String orgId, int j) {
    return String.format("%s-c%03d", orgId, j);
  }

  /** Opens Tally on the benchmark's database with the default price book in force. */
  static Tally open(DatabaseConfig config) {
    Tally tally = Tally.open(config, Clock.systemUTC());
    tally.priceBooks().loadDefaultIfEmpty();
    return tally;
  }

  /** Creates the organization with {@code clusters} serverless clusters. */
  static void organization(Tally tally, String orgId, int clusters, Instant createdAt) {
    tally
        .tx()
        .write(
            db -> {
              db.organizations().create(orgId, "Benchmark " + orgId, createdAt);
              for (int j = 0; j < clusters; j++) {
                db.clusters()
                    .create(
                        orgId,
                        new ClusterSpec(
                                clusterId(orgId, j),
                                String.format("cluster-%03d", j),
                                Plan.STANDARD,
                                CloudProvider.GCP,
                                List.of("us-central1"),
                                Map.of())
                            .toCluster(createdAt));
              }
              return null;
            });
  }

  /**
   * Creates the organizations (with their clusters) with a few threads; returns their ids in order.
   */
  static List<String> organizations(
      Tally tally, String prefix, int count, int clusters, Instant createdAt, int threads) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(orgId(prefix, i));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = first; i < count; i += threads) {
                    organization(tally, ids.get(i), clusters, createdAt);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("setting up organizations failed", e.getCause());
    }
    return ids;
  }

  /** A BILLING_COORDINATOR service account key of the organization: what reads its invoices. */
  static String billingKey(Tally tally, String orgId) {
    var account =
        tally
            .tx()
            .write(
                db ->
                    db.serviceAccounts()
                        .create(orgId, "benchmark reader", tally.clock().instant()));
    tally
        .tx()
        .write(
            db ->
                db.serviceAccounts()
                    .grant(
                        account.id(),
                        new RoleGrant(Role.BILLING_COORDINATOR, ResourceType.ORGANIZATION, orgId)));
    return tally
        .tx()
        .write(db -> db.apiKeys().create(account.id(), "benchmark", null, tally.clock().instant()))
        .token();
  }

  /**
   * The time of event {@code index} of {@code total}: evenly spread over {@code [from, to)}, in
   * order, as a metering pipeline sends them.
   */
  /**
   * The times events of this month may carry: from the 1st up to a minute ago (never in the
   * future).
   */
  record Span(Instant from, Instant to) {}

  static Span monthSoFar(Instant now) {
    Instant from = BillingPeriod.containing(now).start();
    Instant to = now.minus(Duration.ofMinutes(1));
    return new Span(from, to.isAfter(from) ? to : now);
  }

  static Instant timestamp(Instant from, Instant to, long index, long total) {
    long span = Duration.between(from, to).toMillis();
    return from.plusMillis(span * index / Math.max(1, total));
  }

  /** One event as the wire JSON the operator endpoint takes. */
  static void appendEvent(
      StringBuilder out, String eventId, String org, String cluster, int sku, Instant at) {
    out.append("{\"event_id\":\"")
        .append(eventId)
        .append("\",\"organization_id\":\"")
        .append(org)
        .append("\",\"cluster_id\":\"")
        .append(cluster)
        .append("\",\"sku\":\"")
        .append(SKUS[sku])
        .append("\",\"quantity\":\"")
        .append(QUANTITIES[sku])
        .append("\",\"timestamp\":\"")
        .append(at)
        .append("\"}");
  }

  /** The same event as a tree, for in-process ingestion. */
  static JsonNode eventNode(String eventId, String org, String cluster, int sku, Instant at) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("event_id", eventId);
    node.put("organization_id", org);
    node.put("cluster_id", cluster);
    node.put("sku", SKUS[sku]);
    node.put("quantity", QUANTITIES[sku]);
    node.put("timestamp", at.toString());
    return node;
  }

  /** "PostgreSQL 15.14" or "H2 2.5.252 (...)": what Tally runs on. */
  static String databaseProduct(Tally tally) {
    try (Connection c = tally.database().dataSource().getConnection()) {
      var meta = c.getMetaData();
      String product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
      c.rollback();
      return product;
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
