package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.RawHttp;
import dev.tally.server.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Requests Jetty (or the header deadline) refuses before any route sees them get what every other
 * request gets: a {@code Status} body, an {@code X-Request-Id}, one log line under that id, and a
 * count in {@code tally_http_server_requests_seconds} under the route {@code none}. An {@code
 * HTTP/2.0} request line is one of them: 505 {@code UNIMPLEMENTED}, saying HTTP/2 is not served.
 */
@Timeout(60)
class RefusedBeforeRoutingTest {

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private static TestServer server;
  private static final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private static final Logger requestLog = (Logger) LoggerFactory.getLogger(ApiServer.class);
  private static Level levelBefore;

  @BeforeAll
  static void start() {
    server =
        TestServer.on(
            Backend.all().findFirst().orElseThrow(),
            HttpLimits.unlimited().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    captured.start();
    levelBefore = requestLog.getLevel();
    requestLog.setLevel(Level.INFO); // the tests' logging configuration may keep it quieter
    requestLog.addAppender(captured);
  }

  @AfterAll
  static void stop() {
    requestLog.detachAppender(captured);
    requestLog.setLevel(levelBefore);
    server.close();
  }

  static List<Arguments> refusals() {
    return List.of(
        Arguments.of(
            "bad framing",
            "GET /api/v1/invoices HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            400),
        Arguments.of(
            "URI too long", "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        Arguments.of(
            "headers too large",
            "GET /api/v1/invoices HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
            431),
        Arguments.of("HTTP/1.2", "GET /api/v1/invoices HTTP/1.2\r\nHost: x\r\n\r\n", 505),
        Arguments.of("HTTP/2.0", "GET /api/v1/invoices HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        Arguments.of("HTTP/2 prior knowledge", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aRequestRefusedBeforeRoutingIsIdentifiedLoggedAndCounted(
      String what, String request, int status) throws Exception {
    double before = refusedCount(status);
    RawHttp.Answer answer =
        RawHttp.exchange(server.port(), request.getBytes(StandardCharsets.US_ASCII), 10_000);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.body())
        .startsWith("{\"code\":" + ContractValidator.expectedCode(status) + ",")
        .endsWith(",\"details\":[]}");
    String id = answer.header("X-Request-Id");
    assertThat(id).as(answer.raw()).isNotNull().matches(UUID);
    assertLoggedOnce(id, " " + status + " ");
    assertThat(refusedCount(status)).isEqualTo(before + 1);
  }

  @Test
  void anHttp2RequestLineIs505SayingHttp2IsNotServed() throws Exception {
    for (String request :
        new String[] {
          "GET /api/v1/invoices HTTP/2.0\r\nHost: x\r\n\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
        }) {
      RawHttp.Answer answer =
          RawHttp.exchange(server.port(), request.getBytes(StandardCharsets.US_ASCII), 10_000);
      assertThat(answer.status()).as(answer.raw()).isEqualTo(505);
      assertThat(answer.body())
          .contains("\"code\":12")
          .contains("HTTP version is not supported")
          .contains("not HTTP/2")
          .contains("use HTTP/1.1");
    }
  }

  @Test
  void headersPastTheDeadlineAreIdentifiedLoggedAndCounted() throws Exception {
    double before = refusedCount(408);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /api/v1/invoices HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      try {
        for (int i = 0; i < 100 && in.available() == 0; i++) {
          out.write('a');
          out.flush();
          Thread.sleep(100);
        }
      } catch (java.net.SocketException closed) {
        // answered and closed
      }
      RawHttp.Answer answer = RawHttp.read(in);
      assertThat(answer.status()).as(answer.raw()).isEqualTo(408);
      String id = answer.header("X-Request-Id");
      assertThat(id).isNotNull().matches(UUID);
      assertLoggedOnce(id, " 408 ");
    }
    assertThat(refusedCount(408)).isEqualTo(before + 1);
  }

  @Test
  void routedRequestsAreStillLoggedOnceUnderTheirOwnRoute() {
    // A 404 and a 405 reach the router: they are not counted as refused before routing.
    double before = refusedCount(404) + refusedCount(405);
    var notFound = server.get("/no/such/route", null);
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertLoggedOnce(notFound.headers().firstValue("X-Request-Id").orElseThrow(), " 404 ");
    assertThat(refusedCount(404) + refusedCount(405)).isEqualTo(before);
  }

  /** Exactly one line under the id, containing {@code text}; Javalin logs after the answer. */
  private static void assertLoggedOnce(String id, String text) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<ILoggingEvent> lines = List.of();
    while (System.nanoTime() < deadline) {
      synchronized (captured) {
        lines =
            captured.list.stream()
                .filter(e -> id.equals(e.getMDCPropertyMap().get(RequestIds.MDC_KEY)))
                .toList();
      }
      if (!lines.isEmpty()) {
        break;
      }
      Thread.onSpinWait();
    }
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).getFormattedMessage()).contains(text);
  }

  private static double refusedCount(int status) {
    String text = server.get("/metrics", null).body();
    Matcher m =
        Pattern.compile(
                "^tally_http_server_requests_seconds_count\\{(.*)\\} (\\S+)$", Pattern.MULTILINE)
            .matcher(text);
    double total = 0;
    while (m.find()) {
      if (m.group(1).contains("route=\"none\"")
          && m.group(1).contains("status=\"" + status + "\"")) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }
}
