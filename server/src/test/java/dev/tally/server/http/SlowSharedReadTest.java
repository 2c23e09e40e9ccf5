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
 * Requests that joined another's read of an invoice wait for it as long as it takes on a healthy
 * database, and get its answer, though it outlasts their database timeout: the timeout bounds waits
 * for connections, not a read that a request would have waited for just as long alone. Here the
 * read is held by a lock another transaction holds on PostgreSQL for longer than the timeout (a
 * stranger test found joiners answered 503 while the leader's slow read answered 200).
 */
@Timeout(120)
class SlowSharedReadTest {

  private static final int REQUESTS = 8;

  @Test
  void requestsThatJoinedAReadLongerThanTheirTimeoutGetItsAnswer() throws Exception {
    String postgres = System.getenv(Backend.POSTGRES_ENV);
    assumeTrue(
        postgres != null && !postgres.isBlank() || "true".equals(System.getenv("CI")),
        "PostgreSQL is not set up: run bin/test");
    ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
    try (TestServer server = TestServer.on(Backend.freshPostgres(postgres))) {
      TestServer.Tenant tenant = server.tenant("Slow", Instant.parse("2026-01-01T00:00:00Z"), "c");
      String path =
          "/api/v1/invoices/"
              + tenant.invoice(YearMonth.of(2026, 3), InvoiceStatus.FINALIZED).invoiceId();
      String key = tenant.billingKey();
      // The key's lookup, done; nothing kept.
      assertThat(server.get("/api/v1/invoices/inv_none", key).statusCode()).isEqualTo(404);

      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      try (Connection locker =
          DriverManager.getConnection(
              server.database().jdbcUrl(),
              server.database().user(),
              server.database().password())) {
        locker.setAutoCommit(false);
        try (Statement lock = locker.createStatement()) {
          lock.execute("LOCK TABLE invoices IN ACCESS EXCLUSIVE MODE");
          for (int i = 0; i < REQUESTS; i++) {
            calls.add(clients.submit(() -> server.get(path, key)));
          }
          awaitAReadWaitingForTheLock(lock);
          // Longer than the database timeout, which joiners' waits used to be bounded by.
          TimeUnit.MILLISECONDS.sleep(PoolSettings.DEFAULT_TIMEOUT.toMillis() * 2);
        }
        locker.commit();
      }
      for (Future<HttpResponse<String>> call : calls) {
        HttpResponse<String> answer = call.get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }
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
