package dev.tally.server.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Once an answer is written, reads and discards what is left of its request's body before the
 * connection may close: at most {@link #MAX_DRAINED_BYTES}, for at most {@link #MAX_LINGER_NANOS}
 * (plus one idle timeout, if the client stops sending). nginx does the same ({@code
 * lingering_close}).
 *
 * <p>Why: an answer given before the body is read (a 413 from {@code Content-Length}, a 401, 403 or
 * 429 to a large batch) leaves the body's unread bytes in the server's receive buffer. Jetty then
 * closes the connection, and closing a socket with unread data sends a TCP reset, which can reach
 * the client before it has read the answer and destroy it: the client sees a broken connection
 * instead of the 413. {@code HeaderAndBodyFramingTest} saw it about one run in fifteen with a body
 * of 64 MiB. The answer is completed first, so the client has all of it while the body is still
 * arriving; a body read to its end also lets the connection stay open.
 *
 * <p>Requests without a body pass through untouched, and so does a client that waits for {@code 100
 * Continue} before it sends: it has nothing in flight.
 */
final class LingeringClose implements Filter {

  /**
   * The most bytes read past the answer: one whole body at the limit. A client that sends more than
   * that after its answer has its connection closed.
   */
  static final long MAX_DRAINED_BYTES = RequestBody.MAX_BODY_BYTES;

  /** The longest a request lingers after its answer: two seconds. */
  static final long MAX_LINGER_NANOS = java.time.Duration.ofSeconds(2).toNanos();

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, response);
    if (request instanceof HttpServletRequest http && !http.isAsyncStarted() && hasBody(http)) {
      drain(http, response);
    }
  }

  private static boolean hasBody(HttpServletRequest request) {
    String expect = request.getHeader("Expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      return false;
    }
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static void drain(HttpServletRequest request, ServletResponse response) {
    try {
      ServletInputStream body = request.getInputStream();
      if (body.isFinished()) {
        return;
      }
      // Completes the answer (with its length) before lingering, so the client can read it whole.
      response.getOutputStream().close();
      long deadline = System.nanoTime() + MAX_LINGER_NANOS;
      byte[] discard = new byte[64 * 1024];
      long drained = 0;
      int read;
      while (drained <= MAX_DRAINED_BYTES
          && System.nanoTime() - deadline < 0
          && (read = body.read(discard)) >= 0) {
        drained += read;
      }
    } catch (IOException | IllegalStateException e) {
      // The body broke off, timed out, or was read as characters: Jetty closes the connection.
    }
  }
}
