package dev.tally.server.http;

import dev.tally.model.GrpcCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP/1.1 connections with a deadline on each request's line and headers: a client that has begun
 * a request and not finished its headers within the deadline, however slowly it trickles bytes
 * (which keeps an idle timeout from ever firing), is answered 408 with a {@code Status} body and
 * the connection is closed; like every request refused before routing it is logged and counted
 * ({@link RefusedRequests}). The clock starts at the request's first byte; a connection that sends
 * nothing is left to the connector's idle timeout.
 */
final class HeaderDeadline extends HttpConnectionFactory {

  private final Duration deadline;
  private final RefusedRequests refused;

  HeaderDeadline(HttpConfiguration configuration, Duration deadline, RefusedRequests refused) {
    super(configuration);
    this.deadline = deadline;
    this.refused = refused;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    DeadlineConnection connection =
        new DeadlineConnection(getHttpConfiguration(), connector, endPoint, deadline, refused);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  /** The 408 answer, with the request id it was logged under. */
  static byte[] timeoutResponse(String requestId) {
    byte[] body = StatusBody.of(GrpcCode.forHttpStatus(408), StatusBody.messageFor(408));
    String head =
        "HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "X-Request-Id: "
            + requestId
            + "\r\n"
            + "Connection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  private static final class DeadlineConnection extends HttpConnection {

    private final Duration deadline;
    private final RefusedRequests refused;

    /** The request count when the running deadline was set; -1 before any. */
    private volatile long armedFor = -1;

    DeadlineConnection(
        HttpConfiguration configuration,
        Connector connector,
        EndPoint endPoint,
        Duration deadline,
        RefusedRequests refused) {
      super(configuration, connector, endPoint);
      this.deadline = deadline;
      this.refused = refused;
    }

    @Override
    public void onFillable() {
      super.onFillable();
      long request = getMessagesIn();
      if (readingHeaders() && armedFor != request) {
        armedFor = request;
        getConnector()
            .getScheduler()
            .schedule(() -> expire(request), deadline.toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    /** Whether a request has begun and its headers are not all in. */
    private boolean readingHeaders() {
      HttpParser.State state = getParser().getState();
      return state.ordinal() > HttpParser.State.START.ordinal()
          && state.ordinal() <= HttpParser.State.HEADER.ordinal();
    }

    private void expire(long request) {
      EndPoint endPoint = getEndPoint();
      if (getMessagesIn() == request && readingHeaders() && endPoint.isOpen()) {
        // The request line may be incomplete and its parts are the parser's own: neither the
        // method nor the path is known here.
        String id = refused.record(null, null, 408, deadline);
        endPoint.write(
            Callback.from(endPoint::close, failure -> endPoint.close()),
            ByteBuffer.wrap(timeoutResponse(id)));
      }
    }
  }
}
