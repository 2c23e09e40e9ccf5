package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tally.server.auth.AccessPolicy;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.metrics.HttpMetrics;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} a handler throws, which Javalin keeps from the exception handlers, is logged
 * with its stack trace and answered with a {@code Status} body: 503 with {@code Retry-After} when
 * the heap ran out, 500 otherwise.
 */
class UnexpectedErrorsTest {

  private static TestServer tally;
  private static ApiServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    tally = TestServer.on(Backend.all().findFirst().orElseThrow());
    ApiServer.Routes failing =
        routes -> {
          routes.get(
              "/fails/out-of-memory",
              ctx -> {
                throw new OutOfMemoryError("Java heap space");
              });
          routes.get(
              "/fails/stack",
              ctx -> {
                throw new StackOverflowError();
              });
        };
    server =
        new ApiServer(
                new Authenticator(tally.tally().tx(), tally.tally().clock()),
                new AccessPolicy(),
                List.of(failing),
                new HttpMetrics(new SimpleMeterRegistry()),
                Duration.ofSeconds(1),
                HttpLimits.unlimited(),
                RateLimitListener.NONE)
            .start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
    tally.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<ILoggingEvent> logged(ThrowingRunnable run) throws Exception {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ApiServer.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try {
      run.run();
    } finally {
      logger.detachAppender(captured);
    }
    synchronized (captured) {
      return List.copyOf(captured.list);
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void runningOutOfHeapIs503WithRetryAfterAndOneErrorLineWithItsStackTrace() throws Exception {
    HttpResponse<String>[] answer = new HttpResponse[1];
    List<ILoggingEvent> lines = logged(() -> answer[0] = get("/fails/out-of-memory"));

    assertThat(answer[0].statusCode()).isEqualTo(503);
    assertThat(answer[0].headers().firstValue("Retry-After")).hasValue("1");
    ContractValidator.assertStatusBody(answer[0]);
    assertThat(answer[0].body()).contains("\"code\":14").contains("short of memory");
    assertThat(lines)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.getLevel()).isEqualTo(Level.ERROR);
              assertThat(line.getThrowableProxy().getClassName())
                  .isEqualTo("java.lang.OutOfMemoryError");
            });
  }

  @Test
  void anyOtherErrorIs500InternalAndLogged() throws Exception {
    HttpResponse<String>[] answer = new HttpResponse[1];
    List<ILoggingEvent> lines = logged(() -> answer[0] = get("/fails/stack"));

    assertThat(answer[0].statusCode()).isEqualTo(500);
    ContractValidator.assertStatusBody(answer[0]);
    assertThat(answer[0].body()).contains("\"code\":13").doesNotContain("StackOverflow");
    assertThat(lines).singleElement().extracting(ILoggingEvent::getLevel).isEqualTo(Level.ERROR);
  }
}
