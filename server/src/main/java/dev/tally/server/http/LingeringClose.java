package dev.tally.server.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * Once an answer is written, reads and discards what is left of its request's body before the
 * connection may close: at most {@link #MAX_DRAINED_BYTES}, for at most {@link #MAX_LINGER_NANOS};
 * a read that has begun may wait up to the idle timeout for its bytes. nginx does the same ({@code
 * lingering_close}).
 *
 * <p>Why: an answer given before the body is read (a 413 from {@code Content-Length}, a 401, 403 or
 * 429 to a large batch), or before it is read to its end (a chunked body over the limit), leaves
 * the body's unread bytes in the server's receive buffer. Jetty then closes the connection, and
 * closing a socket with unread data sends a TCP reset, which can reach the client before it has
 * read the answer and destroy it: the client sees a broken connection instead of the 413. {@code
 * HeaderAndBodyFramingTest} saw it about one run in fifteen with a body of 64 MiB. The answer is
 * completed first, so the client has all of it while the body is still arriving; a body read to its
 * end also lets the connection stay open.
 *
 * <p>Requests without a body pass through untouched. A client that sent {@code Expect:
 * 100-continue} sends its body only once the server starts to read it: if nothing read it, the
 * client has sent nothing and is not waited for; if something did, it is drained like any other.
 */
final class LingeringClose implements Filter {

  /**
   * The most bytes read past the answer: 64 MiB, four bodies at the limit, which loopback or a fast
   * network delivers well within the two seconds. A client that sends more than that after its
   * answer has its connection closed.
   */
  static final long MAX_DRAINED_BYTES = 64L * 1024 * 1024;

  /** The longest a request lingers after its answer: two seconds. */
  static final long MAX_LINGER_NANOS = java.time.Duration.ofSeconds(2).toNanos();

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http) || !hasBody(http)) {
      chain.doFilter(request, response);
      return;
    }
    boolean waitsForContinue = "100-continue".equalsIgnoreCase(http.getHeader("Expect"));
    BodyWatch watched = waitsForContinue ? new BodyWatch(http) : null;
    chain.doFilter(watched == null ? request : watched, response);
    if (!http.isAsyncStarted() && (watched == null || watched.opened)) {
      drain(http, response);
    }
  }

  private static boolean hasBody(HttpServletRequest request) {
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
      long left = MAX_DRAINED_BYTES;
      int read;
      while (left > 0
          && System.nanoTime() - deadline < 0
          && (read = body.read(discard, 0, (int) Math.min(discard.length, left))) >= 0) {
        left -= read;
      }
    } catch (IOException | IllegalStateException e) {
      // The body broke off, timed out, or was read as characters: Jetty closes the connection.
    }
  }

  /** A request that notes whether anything opened its body, which sends {@code 100 Continue}. */
  private static final class BodyWatch extends HttpServletRequestWrapper {
    private volatile boolean opened;

    BodyWatch(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      opened = true;
      return super.getInputStream();
    }

    @Override
    public java.io.BufferedReader getReader() throws IOException {
      opened = true;
      return super.getReader();
    }
  }
}
