package dev.tally.server.http;

import dev.tally.model.GrpcCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (bad request lines, oversized headers, undecodable URIs, unsupported
 * versions), rewritten as reference {@code Status} JSON so that no answer is ever HTML or carries
 * internals. Jetty's message is dropped on purpose: it can name internal classes.
 *
 * <p>Jetty answers an {@code HTTP/2.0} request line (prior knowledge, {@code PRI * HTTP/2.0}, or
 * any other) with 426 Upgrade Required, because a connector with h2c could switch to HTTP/2 there.
 * Tally serves HTTP/1.1 only, with neither h2c upgrade nor prior knowledge, and a 426 must name a
 * protocol to upgrade to in {@code Upgrade} (RFC 9110 section 15.5.22) that does not exist here; so
 * it is answered as every other unsupported version is: 505 {@code UNIMPLEMENTED}, saying so.
 *
 * <p>The server-level handler (made with {@link #recording}) sees only requests refused before
 * routing, and gives each a request id, a log line and a metric ({@link RefusedRequests}).
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

  static final String HTTP2_NOT_SUPPORTED =
      "the HTTP version is not supported: Tally serves HTTP/1.1 only, not HTTP/2 (neither h2c"
          + " upgrade nor prior knowledge); use HTTP/1.1";

  /** What Jetty names a request whose request line it could not parse. */
  private static final String JETTY_PLACEHOLDER_METHOD = "BAD";

  private static final String JETTY_PLACEHOLDER_PATH = "/badMessage";

  private final RefusedRequests refused;

  private JsonErrorHandler(RefusedRequests refused) {
    this.refused = refused;
  }

  /** The handler of requests Jetty refuses before routing: each is logged and counted. */
  static JsonErrorHandler recording(RefusedRequests refused) {
    return new JsonErrorHandler(refused);
  }

  /** The handler inside the servlet context, whose requests Javalin logs and counts itself. */
  static JsonErrorHandler quiet() {
    return new JsonErrorHandler(null);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int code = response.getStatus();
    String reason = null;
    if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException failure) {
      code = failure.getCode();
      reason = failure.getReason();
    }
    boolean http2 = code == 426;
    if (http2) {
      code = 505;
    }
    response.setStatus(code);
    response.getHeaders().put(JSON);
    if (refused != null) {
      HttpURI uri = request.getHttpURI();
      String path = uri == null ? null : uri.getPath();
      String method = request.getMethod();
      if (JETTY_PLACEHOLDER_METHOD.equals(method) && JETTY_PLACEHOLDER_PATH.equals(path)) {
        // Jetty's stand-in for a request whose line it could not read: nothing of it is known.
        method = null;
        path = null;
      }
      long began = request.getBeginNanoTime();
      String id =
          refused.record(
              method,
              path,
              code,
              began == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - began));
      response.getHeaders().put(RequestIds.HEADER, id);
    }
    String message = http2 ? HTTP2_NOT_SUPPORTED : StatusBody.messageFor(code, reason);
    response.write(
        true, ByteBuffer.wrap(StatusBody.of(GrpcCode.forHttpStatus(code), message)), callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(JSON);
    return ByteBuffer.wrap(
        StatusBody.of(GrpcCode.forHttpStatus(status), StatusBody.messageFor(status, reason)));
  }

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }
}
