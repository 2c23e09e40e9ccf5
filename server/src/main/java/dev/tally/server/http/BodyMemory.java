package dev.tally.server.http;

import dev.tally.model.GrpcCode;
import dev.tally.server.errors.Failure;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bound on the heap that request bodies in flight may hold together, so that several large bodies
 * at once are answered 503 {@code UNAVAILABLE} with {@code Retry-After} rather than run the server
 * out of memory (which answered 500 and could fail any request). A body of {@code n} bytes reserves
 * {@link #HEAP_PER_BODY_BYTE} times {@code n}: the bytes, their text and the parsed JSON tree. A
 * request waits up to {@link #MAX_WAIT_MILLIS} for room; what it reserved is returned when it has
 * been answered. The default budget is a quarter of the heap's bound (64 MiB under the launcher's
 * 256 MiB), which holds one body at {@link RequestBody#MAX_BODY_BYTES} or hundreds of ordinary
 * ingestion batches.
 *
 * <p>The filter puts the request's account where {@link RequestBody} finds it ({@link #ATTRIBUTE});
 * a request read without this filter reserves nothing.
 */
final class BodyMemory implements Filter {

  /** The heap one byte of body may take while its request is served. */
  static final int HEAP_PER_BODY_BYTE = 4;

  /** The longest a request waits for room before it is answered 503. */
  static final long MAX_WAIT_MILLIS = 1_000;

  /** The request attribute that holds the request's {@link Account}. */
  static final String ATTRIBUTE = "tally.body-memory";

  private final Semaphore kibibytes;
  private final int totalKibibytes;

  /**
   * @param budgetBytes the most heap, in bytes, bodies in flight may hold together; at least 1 MiB
   */
  BodyMemory(long budgetBytes) {
    this.totalKibibytes = (int) Math.min(Integer.MAX_VALUE, Math.max(1024, budgetBytes >> 10));
    this.kibibytes = new Semaphore(totalKibibytes, true);
  }

  /** A quarter of the heap's bound ({@link Runtime#maxMemory}). */
  static BodyMemory quarterOfTheHeap() {
    return new BodyMemory(Runtime.getRuntime().maxMemory() / 4);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Account account = new Account();
    request.setAttribute(ATTRIBUTE, account);
    try {
      chain.doFilter(request, response);
    } finally {
      account.release();
    }
  }

  /** What one request has reserved; used by one request's thread at a time. */
  final class Account {
    private int held;

    private Account() {}

    /**
     * Reserves room for {@code bytes} more of body, waiting up to {@link #MAX_WAIT_MILLIS}. A
     * request may hold the whole budget, never more, so one body at the limit is always admitted
     * once the others are gone.
     *
     * @throws Failure 503 {@code UNAVAILABLE} when there is no room in time
     */
    void reserve(long bytes) {
      long wanted = (bytes * HEAP_PER_BODY_BYTE + 1023) >> 10;
      int more = (int) Math.min(wanted, totalKibibytes - held);
      if (more <= 0) {
        return;
      }
      boolean got;
      try {
        got = kibibytes.tryAcquire(more, MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        got = false;
      }
      if (!got) {
        throw new Failure(
            GrpcCode.UNAVAILABLE,
            503,
            "the server is reading too many large request bodies at once; try again shortly");
      }
      held += more;
    }

    private void release() {
      if (held > 0) {
        kibibytes.release(held);
        held = 0;
      }
    }
  }

  /** The room left, in KiB (for tests). */
  int availableKibibytes() {
    return kibibytes.availablePermits();
  }
}
