package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With Tally's loggers and every library's at their most verbose, no log line carries an API key or
 * its secret part. Jetty is the exception: at DEBUG it dumps request headers, so the shipped
 * logging configuration (cli/src/main/resources/logback.xml) pins it at WARN, and so does this
 * test.
 */
class SecretsAreNeverLoggedTest {

  @Test
  void requestsWithGoodAndBadKeysLogNoSecret() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.TRACE);
    Logger jetty = (Logger) LoggerFactory.getLogger("org.eclipse.jetty");
    Level jettyBefore = jetty.getLevel();
    jetty.setLevel(Level.WARN);
    String[] secrets;
    try (TestServer server = TestServer.on(DatabaseConfig.inMemory("logs" + System.nanoTime()))) {
      TestServer.Tenant tenant = server.tenant("Logs", Instant.parse("2026-01-01T00:00:00Z"), "c");
      String key = tenant.billingKey();
      String operator = server.operatorKey();
      String wrong = key.substring(0, key.length() - 3) + "zzz";
      secrets = new String[] {key, wrong, operator};
      assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
      assertThat(server.get("/api/v1/invoices", wrong).statusCode()).isEqualTo(401);
      assertThat(server.get("/api/v1/invoices/x", key).statusCode()).isEqualTo(404);
      assertThat(server.post("/operator/v1/usage-events", operator, "{\"events\":[]}").statusCode())
          .isEqualTo(200);
    } finally {
      root.detachAppender(captured);
      root.setLevel(before);
      jetty.setLevel(jettyBefore);
    }
    // The server is stopped and the appender detached: nothing appends any more.
    assertThat(captured.list).isNotEmpty();
    for (ILoggingEvent event : captured.list) {
      String line =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
      for (String secret : secrets) {
        assertThat(line)
            .doesNotContain(secret)
            .doesNotContain(secret.substring(secret.lastIndexOf('_') + 1));
      }
    }
  }
}
