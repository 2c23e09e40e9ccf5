package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.RawHttp;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With Tally's loggers and every library's at their most verbose, no log line carries an API key or
 * its secret part, in the text format or the JSON one, even when a client sends a key as its
 * request id; request lines carry their request id. Jetty is the exception: at DEBUG it dumps
 * request headers, so the shipped logging configuration (cli/src/main/resources/logback.xml) pins
 * it at WARN, and so does this test.
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
    // The libraries' levels that the shipped configuration pins (tally-log-libraries.xml, which the
    // tests' configuration includes) are lifted, but Jetty's and Javalin's: theirs are as shipped.
    java.util.Map<Logger, Level> pinned = new java.util.HashMap<>();
    for (Logger logger : ((LoggerContext) LoggerFactory.getILoggerFactory()).getLoggerList()) {
      if (logger != root
          && logger.getLevel() != null
          && !logger.getName().startsWith("org.eclipse.jetty")
          && !logger.getName().startsWith("io.javalin")) {
        pinned.put(logger, logger.getLevel());
        logger.setLevel(null);
      }
    }
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
      // A secret sent as a request id, or in a header beside a sane request id, is never logged.
      String withoutPrefix = key.substring(key.indexOf('_') + 1);
      for (String sentId :
          new String[] {
            key,
            operator,
            "x".repeat(70) + key,
            withoutPrefix,
            "x." + operator.substring(0, 50),
            "x.tally1_" + withoutPrefix.substring(0, 40)
          }) {
        assertThat(
                server
                    .send(
                        HttpRequest.newBuilder(server.uri("/api/v1/invoices"))
                            .header("X-Request-Id", sentId)
                            .header("Authorization", "Bearer " + wrong)
                            .build())
                    .statusCode())
            .isEqualTo(401);
      }
      assertThat(
              server
                  .send(
                      HttpRequest.newBuilder(server.uri("/api/v1/invoices"))
                          .header("X-Request-Id", "trace-me-42")
                          .header("Authorization", "Bearer " + key)
                          .build())
                  .statusCode())
          .isEqualTo(200);
      // A key in the URL, however written, is redacted from the logged path; the query is never
      // logged. These paths are the client's mistake, but its secret must not reach a log.
      String keyIdAndSecret = key.substring(key.indexOf('_') + 1);
      String operatorRest = operator.substring(operator.indexOf('_') + 1);
      for (String path :
          new String[] {
            "/api/v1/invoices/" + key,
            "/api/v1/invoices/tally1_" + keyIdAndSecret,
            "/api/v1/invoices/TALLY1%5F" + keyIdAndSecret,
            "/api/v1/invoices/%54ALLY1_" + keyIdAndSecret,
            "/operator/v1/" + operator + "/x",
            "/operator/v1/TallyOp1_" + operatorRest,
            "/api/v1/invoices?api_key=" + key,
            "/no/such/route;" + key,
            // The forms of issue 12's stranger: a key without its prefix, and a key split after
            // its prefix by an encoded space, "=", "/" or "?".
            "/api/v1/invoices/" + keyIdAndSecret,
            "/api/v1/invoices/" + key.substring(0, 40) + "%20" + key.substring(40),
            "/api/v1/invoices/" + key.substring(0, 40) + "%3D" + key.substring(40),
            "/api/v1/invoices/" + key.substring(0, 40) + "%2F" + key.substring(40),
            "/api/v1/invoices/" + key.substring(0, 40) + "%3F" + key.substring(40),
          }) {
        assertThat(server.get(path, key).statusCode()).as(path).isLessThan(500);
      }
      // Requests refused before routing log their path too: bad framing, a URI too long, an
      // unsupported version.
      for (String request :
          new String[] {
            "GET /api/v1/invoices/" + key + " HTTP/1.1\r\nHost: x\r\nContent-Length: z\r\n\r\n",
            "GET /api/v1/invoices/"
                + key
                + "/"
                + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /api/v1/invoices/" + key + "?q=" + operator + " HTTP/1.2\r\nHost: x\r\n\r\n",
            // A key where the method goes, routed (405) or not (issue 12's third stranger).
            key + " /api/v1/invoices HTTP/1.1\r\nHost: x\r\n\r\n",
            key.toLowerCase(java.util.Locale.ROOT) + " /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
            key.substring(key.lastIndexOf('_') + 1) + " /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
            // A bad header's value, which Jetty's own warnings quote (issue 12's second stranger).
            "GET /healthz HTTP/1.1\r\nHost: x\r\nHost: " + key + "\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Key: " + operator + "\u0001\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: "
                + key
                + "\r\n\r\n",
          }) {
        try {
          assertThat(
                  RawHttp.exchange(
                          server.port(), request.getBytes(StandardCharsets.US_ASCII), 10_000)
                      .status())
              .isIn(400, 405, 414, 505);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      // Javalin writes a request's log line after the last byte of its answer, so the client can
      // read the answer first; the test server stops without waiting for requests in flight.
      awaitRequestLine(captured, "trace-me-42");
    } finally {
      root.detachAppender(captured);
      root.setLevel(before);
      pinned.forEach(Logger::setLevel);
    }
    // The server is stopped and the appender detached: nothing appends any more.
    assertThat(captured.list).isNotEmpty();
    JsonEncoder json = shippedJsonEncoder();
    for (ILoggingEvent event : captured.list) {
      String line =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage())
              + event.getMDCPropertyMap();
      String jsonLine = new String(json.encode(event), StandardCharsets.UTF_8);
      for (String secret : secrets) {
        for (String logged : new String[] {line, jsonLine}) {
          String secretPart = secret.substring(secret.lastIndexOf('_') + 1);
          assertThat(logged)
              .doesNotContain(secret)
              .doesNotContain(secretPart)
              .doesNotContain(secretPart.substring(0, 16))
              .doesNotContain(secretPart.substring(secretPart.length() - 16));
        }
      }
    }
    // The requests with a key in their path were logged, with the key redacted.
    assertThat(captured.list)
        .filteredOn(e -> e.getFormattedMessage().contains(LogText.REDACTED))
        .hasSizeGreaterThanOrEqualTo(7);
    // Each request's line carries its id, the client's when sane.
    assertThat(captured.list)
        .filteredOn(e -> e.getFormattedMessage().startsWith("GET /api/v1/invoices 200"))
        .extracting(e -> e.getMDCPropertyMap().get("request_id"))
        .contains("trace-me-42")
        .doesNotContainNull();
  }

  private static void awaitRequestLine(ListAppender<ILoggingEvent> captured, String requestId) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      synchronized (captured) {
        if (captured.list.stream()
            .anyMatch(e -> requestId.equals(e.getMDCPropertyMap().get("request_id")))) {
          return;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The JSON encoder as cli/src/main/resources/tally-log-JSON.xml configures it. */
  private static JsonEncoder shippedJsonEncoder() {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
