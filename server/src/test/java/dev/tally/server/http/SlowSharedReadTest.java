package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.store.PoolSettings;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests that joined another's read of an invoice or a list, or that wait for it to end before
 * their own group's read, wait as long as it takes on a healthy database and are answered, though
 * it outlasts their database timeout: the timeout bounds waits for connections, not a read that a
 * request would have waited for just as long alone. Here the read is held by a lock another
 * transaction holds on PostgreSQL for twice the timeout; and so is a burst whose key's lookup,
 * which they share, is held the same way. Stranger tests found such requests answered 503 while the
 * slow read answered 200: those that joined it, then, for drafts and lists, those that came after
 * them and read once it ended, and those that shared a key's lookup.
 */
@Timeout(120)
class SlowSharedReadTest {

  private static final int REQUESTS = 8;

  @Test
  void requestsBehindAReadLongerThanTheirTimeoutAreAnswered() throws Exception {
    String postgres = System.getenv(Backend.POSTGRES_ENV);
    assumeTrue(
        postgres != null && !postgres.isBlank() || "true".equals(System.getenv("CI")),
        "PostgreSQL is not set up: run bin/test");
    ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
    try (TestServer server = TestServer.on(Backend.freshPostgres(postgres))) {
      TestServer.Tenant tenant = server.tenant("Slow", Instant.parse("2026-01-01T00:00:00Z"), "c");
      String finalized =
          "/api/v1/invoices/"
              + tenant.invoice(YearMonth.of(2026, 3), InvoiceStatus.FINALIZED).invoiceId();
      String key = tenant.billingKey();
      // The key's lookup, done; nothing kept.
      assertThat(server.get("/api/v1/invoices/inv_none", key).statusCode()).isEqualTo(404);

      for (String path :
          List.of(
              finalized,
              "/api/v1/invoices/inv_" + tenant.orgId() + "_2026-11",
              "/api/v1/invoices",
              "/api/v1/invoices?status=DRAFT")) {
        for (HttpResponse<String> answer :
            burstHeldByALock(server, clients, path, key, "invoices")) {
          assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        }
      }

      // The key's lookup, shared by the burst, held the same way once its cached entry is stale.
      server.clock().advance(Duration.ofMinutes(1));
      for (HttpResponse<String> answer :
          burstHeldByALock(server, clients, finalized, key, "api_keys")) {
        assertThat(answer.statusCode()).as("the key's lookup: " + answer.body()).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * Requests for {@code path}, sent while another transaction holds {@code table} locked for twice
   * the database timeout; their answers.
   */
  private static List<HttpResponse<String>> burstHeldByALock(
      TestServer server, ExecutorService clients, String path, String key, String table)
      throws Exception {
    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
    try (Connection locker =
        DriverManager.getConnection(
            server.database().jdbcUrl(), server.database().user(), server.database().password())) {
      locker.setAutoCommit(false);
      try (Statement lock = locker.createStatement()) {
        lock.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        for (int i = 0; i < REQUESTS; i++) {
          calls.add(clients.submit(() -> server.get(path, key)));
        }
        awaitAReadWaitingForTheLock(lock);
        // Longer than the database timeout, which waits for others' reads used to be counted in.
        TimeUnit.MILLISECONDS.sleep(PoolSettings.DEFAULT_TIMEOUT.toMillis() * 2);
      }
      locker.commit();
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (Future<HttpResponse<String>> call : calls) {
      answers.add(call.get());
    }
    return answers;
  }

  private static void awaitAReadWaitingForTheLock(Statement lock) throws Exception {
    while (true) {
      try (ResultSet waiting =
          lock.executeQuery(
              "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
        waiting.next();
        if (waiting.getLong(1) > 0) {
          return;
        }
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
