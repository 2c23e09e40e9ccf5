package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers a Tally server does not give but a proxy or another server might: each is one line and
 * exit code 5. A stub HTTP server stands in, since no real Tally server can be made to answer
 * these.
 */
class UnusualAnswersTest {

  private static HttpServer stub;

  @BeforeAll
  static void start() throws IOException {
    stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    answer(
        "/limited",
        429,
        "application/json",
        "{\"code\":8,\"message\":\"slow down\",\"details\":[]}",
        Map.of("Retry-After", "3600")); // longer than the SDK waits: thrown at once
    answer(
        "/proxy",
        500,
        "text/html",
        "<html><body><h1>Internal Server Error</h1></body></html>",
        Map.of());
    answer(
        "/conflict",
        409,
        "application/json",
        "{\"code\":10,\"message\":\"try\\nagain\",\"details\":[]}",
        Map.of());
    stub.start();
  }

  @AfterAll
  static void stop() {
    stub.stop(0);
  }

  private static void answer(
      String prefix, int status, String type, String body, Map<String, String> headers) {
    stub.createContext(
        prefix,
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", type);
          headers.forEach(exchange.getResponseHeaders()::add);
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
  }

  private static CliRun list(String prefix) {
    String url = "http://127.0.0.1:" + stub.getAddress().getPort() + prefix;
    return CliRun.withEnv(Map.of("TALLY_API_KEY", "k"), "invoices", "list", "--url", url);
  }

  @Test
  void rateLimitingIsAServerFailureQuotingTheServer() {
    CliRun run = list("/limited");

    assertThat(run.exitCode()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
    assertThat(run.err())
        .isEqualTo(
            "error: the server is limiting requests; try again later "
                + "(429 Resource Exhausted): slow down\n");
  }

  @Test
  void aNonJsonAnswerSaysWhatCameInstead() {
    CliRun run = list("/proxy");

    assertThat(run.exitCode()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
    assertThat(run.err())
        .isEqualTo(
            "error: http://127.0.0.1:"
                + stub.getAddress().getPort()
                + " did not answer with Billing API JSON (HTTP 500, text/html): "
                + "<html><body><h1>Internal Server Error</h1></body></html>\n");
  }

  @Test
  void anUnexpectedStatusIsAServerFailureOnOneLine() {
    CliRun run = list("/conflict");

    assertThat(run.exitCode()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
    assertThat(run.err())
        .isEqualTo(
            "error: unexpected answer from http://127.0.0.1:"
                + stub.getAddress().getPort()
                + " (409 Aborted): try again\n");
  }
}
