package dev.tally.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An HTTP proxy in front of a test server that fails chosen requests, as a load balancer in front
 * of a restarting server would: it can refuse a request (503, never forwarded) or lose the answer
 * to one the server has already taken (forwarded, then 502).
 */
final class FlakyProxy implements AutoCloseable {

  enum Fate {
    /** Forwarded, and the server's answer passed back. */
    PASS,
    /** Answered 503 without forwarding. */
    REFUSE,
    /** Forwarded, so the server commits it, but answered 502: the answer is lost. */
    LOSE_ANSWER
  }

  private final HttpServer http;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final AtomicInteger requests = new AtomicInteger();

  /**
   * @param fate what happens to request number n, from 1
   */
  FlakyProxy(int targetPort, IntFunction<Fate> fate) throws IOException {
    this.target = URI.create("http://127.0.0.1:" + targetPort);
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", exchange -> handle(exchange, fate.apply(requests.incrementAndGet())));
    http.start();
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange, Fate fate) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (fate == Fate.REFUSE) {
        reply(
            exchange,
            503,
            "{\"code\":14,\"message\":\"restarting\",\"details\":[]}"
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (name.equalsIgnoreCase("Authorization")
                    || name.equalsIgnoreCase("Content-Type")) {
                  values.forEach(v -> forward.header(name, v));
                }
              });
      HttpResponse<byte[]> answer =
          client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (fate == Fate.LOSE_ANSWER) {
        reply(exchange, 502, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8));
      } else {
        reply(exchange, answer.statusCode(), answer.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    client.close();
  }
}
