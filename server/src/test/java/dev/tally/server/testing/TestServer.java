package dev.tally.server.testing;

import dev.tally.model.CloudProvider;
import dev.tally.model.Cluster;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.Plan;
import dev.tally.server.App;
import dev.tally.server.Tally;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.auth.ServiceAccount;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.store.DatabaseConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Tally server on a real database, on a free loopback port, with helpers to seed tenants and
 * to call it over real HTTP.
 */
public final class TestServer implements AutoCloseable {

  public static final Instant DEFAULT_NOW = Instant.parse("2026-11-15T12:00:00Z");

  private final MutableClock clock;
  private final DatabaseConfig database;
  private Tally tally;
  private App app;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestServer(DatabaseConfig database, MutableClock clock) {
    this.database = database;
    this.clock = clock;
    start();
  }

  public static TestServer on(Backend backend) {
    return new TestServer(backend.freshDatabase(), new MutableClock(DEFAULT_NOW));
  }

  public static TestServer on(DatabaseConfig database) {
    return new TestServer(database, new MutableClock(DEFAULT_NOW));
  }

  private void start() {
    tally = Tally.open(database, clock);
    app = App.start(tally, App.Options.manualClose("127.0.0.1", 0));
  }

  /** Stops the server and closes the database, then opens both again on the same data. */
  public void restart() {
    app.close();
    tally.close();
    start();
  }

  public MutableClock clock() {
    return clock;
  }

  public Tally tally() {
    return tally;
  }

  /** Runs a unit of work on the server's database, as the server would. */
  public <T> T write(dev.tally.server.store.Work<T> work) {
    return tally.tx().write(work);
  }

  public DatabaseConfig database() {
    return database;
  }

  public int port() {
    return app.port();
  }

  /** Every route the server declares. */
  public List<dev.tally.server.http.ApiServer.Route> routes() {
    return app.routes();
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  /** GET with an optional bearer token. */
  public HttpResponse<String> get(String pathAndQuery, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POST a JSON body with a bearer token. */
  public HttpResponse<String> post(String path, String token, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  /**
   * Runs one SQL statement on the database behind Tally's back, for tests of tampering and legacy
   * rows.
   */
  public int executeBehindTheBack(String sql, Object... parameters) {
    try (java.sql.Connection c = tally.database().dataSource().getConnection();
        java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      int changed = s.executeUpdate();
      c.commit();
      return changed;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One number from the database, for tests that check what is stored. */
  public long queryLong(String sql) {
    try (java.sql.Connection c = tally.database().dataSource().getConnection();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      long value = rows.getLong(1);
      c.rollback();
      return value;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh operator key. */
  public String operatorKey() {
    return write(db -> db.operatorKeys().create("test", clock.instant())).token();
  }

  // ---- seeding ----

  /** An organization created at {@code createdAt}, with clusters named as given. */
  public Tenant tenant(String name, Instant createdAt, String... clusterNames) {
    String orgId = "org-" + UUID.randomUUID();
    List<Cluster> clusters =
        write(
            db -> {
              db.organizations().create(orgId, name, createdAt);
              List<Cluster> made = new java.util.ArrayList<>();
              for (String n : clusterNames) {
                made.add(
                    db.clusters()
                        .create(
                            orgId,
                            new ClusterSpec(
                                    UUID.randomUUID().toString(),
                                    n,
                                    Plan.STANDARD,
                                    CloudProvider.GCP,
                                    List.of("us-central1"),
                                    Map.of("env", "test"))
                                .toCluster(createdAt)));
              }
              return made;
            });
    return new Tenant(this, orgId, clusters);
  }

  /** One organization's handles for tests. */
  public record Tenant(TestServer server, String orgId, List<Cluster> clusters) {

    /** Stores a sample invoice for a month and returns it as stored. */
    public Invoice invoice(YearMonth month, InvoiceStatus status) {
      Invoice invoice =
          SampleInvoices.forMonth(orgId + "-" + month, month, status, clusters, orgId.hashCode());
      return server.write(
          db -> {
            db.invoices().save(orgId, invoice);
            return db.invoices().find(orgId, invoice.invoiceId()).orElseThrow();
          });
    }

    /** A key whose service account holds exactly {@code grants}. */
    public String key(RoleGrant... grants) {
      Instant now = server.clock().instant();
      return server.write(
          db -> {
            ServiceAccount account =
                db.serviceAccounts().create(orgId, "sa-" + UUID.randomUUID(), now);
            for (RoleGrant grant : grants) {
              db.serviceAccounts().grant(account.id(), grant);
            }
            return db.apiKeys().create(account.id(), "test", null, now).token();
          });
    }

    /** A key allowed to read invoices. */
    public String billingKey() {
      return key(new RoleGrant(Role.BILLING_COORDINATOR, ResourceType.ORGANIZATION, orgId));
    }
  }

  @Override
  public void close() {
    app.close();
    tally.close();
  }
}
