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
import dev.tally.server.http.HttpLimits;
import dev.tally.server.http.RateLimitListener;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.store.PoolSettings;
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
  private final HttpLimits limits;
  private final RateLimitListener limited;
  private App app;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestServer(
      DatabaseConfig database, MutableClock clock, HttpLimits limits, RateLimitListener limited) {
    this.database = database;
    this.clock = clock;
    this.limits = limits;
    this.limited = limited;
    start();
  }

  /**
   * A server without request-rate or failed-authentication limits, so tests that are not about
   * limits may send as many requests as they need.
   */
  public static TestServer on(Backend backend) {
    return on(backend, HttpLimits.unlimited());
  }

  /** A server with the given limits. */
  public static TestServer on(Backend backend, HttpLimits limits) {
    return on(backend, limits, RateLimitListener.NONE);
  }

  /** A server with the given limits, telling {@code limited} of each request they refuse. */
  public static TestServer on(Backend backend, HttpLimits limits, RateLimitListener limited) {
    return new TestServer(backend.freshDatabase(), new MutableClock(DEFAULT_NOW), limits, limited);
  }

  public static TestServer on(DatabaseConfig database) {
    return new TestServer(
        database, new MutableClock(DEFAULT_NOW), HttpLimits.unlimited(), RateLimitListener.NONE);
  }

  private void start() {
    tally = Tally.open(database, pool(), clock);
    // No automatic close, and no graceful stop: a graceful stop waits for idle keep-alive
    // connections (the test client's) to time out, which would add a second to every close.
    App.Options manual = App.Options.manualClose("127.0.0.1", 0);
    app =
        App.start(
            tally,
            new App.Options(
                manual.host(),
                manual.port(),
                manual.grace(),
                null,
                java.time.Duration.ZERO,
                manual.metrics()),
            limits,
            limited);
  }

  /**
   * The pool's settings: the defaults, or, with the system property {@value #POOL_SIZE_PROPERTY}
   * set, that many connections (and the default wait). {@code -Dtally.test.poolSize=1} runs the
   * suite on a pool of one connection, which proves that no code path asks for a second connection
   * while it holds one (such a path would wait out the timeout and fail); see docs/operations.md.
   */
  static PoolSettings pool() {
    String size = System.getProperty(POOL_SIZE_PROPERTY);
    return size == null || size.isBlank()
        ? PoolSettings.DEFAULTS
        : new PoolSettings(Integer.valueOf(size.strip()), null);
  }

  public static final String POOL_SIZE_PROPERTY = "tally.test.poolSize";

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

  /** Requests answered ahead of the router so far ({@code ApiServer#hotReads}). */
  public long hotReads() {
    return app.hotReads();
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

  /**
   * A request without a body ({@code GET}, {@code HEAD}), with a bearer token and more headers, its
   * answer's body as bytes (a {@code gzip} body as sent).
   */
  public HttpResponse<byte[]> exchange(
      String method, String pathAndQuery, String token, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + token);
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Loads, through the operator API, the default price book with {@code standard.compute} at {@code
   * unitPrice} (USD per vCPU-hour) from 2026-11-01.
   *
   * @return the answer's status
   */
  public int loadPriceBookWithComputeAt(String unitPrice) {
    String book =
        dev.tally.engine.PriceBookFile.toJson(dev.tally.engine.PriceBookFile.defaultPriceBook());
    String dearer =
        book.replaceFirst(
            "\"skus\"\\s*:\\s*\\[",
            "\"skus\": [{\"sku\": \"standard.compute\", \"description\": \"Standard provisioned"
                + " compute\", \"quantity_unit\": \"VCPU_HOURS\", \"unit_price\": \""
                + unitPrice
                + "\", \"effective_from\": \"2026-11-01\"},");
    return send(HttpRequest.newBuilder(uri("/operator/v1/price-book"))
            .PUT(HttpRequest.BodyPublishers.ofString(dearer))
            .header("Authorization", "Bearer " + operatorKey())
            .header("Content-Type", "application/json")
            .build())
        .statusCode();
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

  /**
   * One text from the database (the first column of the first row), or null if none; a binary
   * column (a rating record) is read as UTF-8 text.
   */
  public String queryString(String sql, Object... parameters) {
    try (java.sql.Connection c = tally.database().dataSource().getConnection();
        java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (java.sql.ResultSet rows = s.executeQuery()) {
        String value = null;
        if (rows.next()) {
          value =
              switch (rows.getMetaData().getColumnType(1)) {
                case java.sql.Types.BINARY,
                    java.sql.Types.VARBINARY,
                    java.sql.Types.LONGVARBINARY -> {
                  byte[] bytes = rows.getBytes(1);
                  yield bytes == null
                      ? null
                      : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                }
                default -> rows.getString(1);
              };
        }
        c.rollback();
        return value;
      }
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

  /**
   * An organization with the given id, created at {@code createdAt}, with clusters of the given ids
   * (each named as its id): the same inputs on every backend, for tests that compare stored bytes.
   */
  public Tenant tenant(String orgId, Instant createdAt, List<String> clusterIds) {
    List<Cluster> clusters =
        write(
            db -> {
              db.organizations().create(orgId, orgId, createdAt);
              List<Cluster> made = new java.util.ArrayList<>();
              for (String id : clusterIds) {
                made.add(
                    db.clusters()
                        .create(
                            orgId,
                            new ClusterSpec(
                                    id,
                                    id,
                                    Plan.STANDARD,
                                    CloudProvider.GCP,
                                    List.of("us-central1"),
                                    Map.of("env", "test", "team", "billing"))
                                .toCluster(createdAt)));
              }
              return made;
            });
    return new Tenant(this, orgId, clusters);
  }

  /** A key allowed to read the invoices of the organization {@code orgId}. */
  public String tenantKey(String orgId) {
    return new Tenant(this, orgId, List.of()).billingKey();
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

    /**
     * Ingests one {@code standard.compute} usage event through the operator API.
     *
     * @param timestamp RFC 3339, UTC
     * @throws IllegalStateException when it is not answered 200
     */
    public void ingest(String clusterId, String eventId, String timestamp, int quantity) {
      String body =
          "{\"events\":[{\"event_id\":\"%s\",\"organization_id\":\"%s\",\"cluster_id\":\"%s\",\"sku\":\"standard.compute\",\"quantity\":%d,\"timestamp\":\"%s\"}]}"
              .formatted(eventId, orgId, clusterId, quantity, timestamp);
      HttpResponse<String> answer =
          server.post("/operator/v1/usage-events", server.operatorKey(), body);
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "ingestion answered " + answer.statusCode() + ": " + answer.body());
      }
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
