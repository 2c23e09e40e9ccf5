package dev.tally.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the operator API that accepts every event and only counts: batches, events and the
 * largest batch. It measures the importer alone, without a database behind it.
 */
final class CountingOperatorApi implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final AtomicInteger batches = new AtomicInteger();
  private final AtomicLong events = new AtomicLong();
  private final AtomicInteger largestBatch = new AtomicInteger();

  CountingOperatorApi() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/operator/v1/usage-events",
        exchange -> {
          try (exchange;
              InputStream body = exchange.getRequestBody()) {
            int count = countEvents(body);
            batches.incrementAndGet();
            events.addAndGet(count);
            largestBatch.accumulateAndGet(count, Math::max);
            byte[] answer =
                ("{\"accepted\":" + count + ",\"duplicates\":0,\"rejected\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(answer);
            }
          }
        });
    http.start();
  }

  /** The elements of the body's "events" array, streamed, so the stub stays fast. */
  private static int countEvents(InputStream body) throws IOException {
    int count = 0;
    try (JsonParser parser = JSON.getFactory().createParser(body)) {
      parser.nextToken(); // {
      parser.nextToken(); // "events"
      parser.nextToken(); // [
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        parser.skipChildren();
        count++;
      }
    }
    return count;
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  int batches() {
    return batches.get();
  }

  long events() {
    return events.get();
  }

  int largestBatch() {
    return largestBatch.get();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
