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
 * A bound on the heap that request bodies being served may hold together, so that several large
 * bodies at once wait, and past {@link #MAX_WAIT_MILLIS} are answered 503 {@code UNAVAILABLE} with
 * {@code Retry-After}, rather than run the server out of memory (which answered 500 and could fail
 * any request). Every byte of body, as sent and as a gzip body inflates, reserves {@link
 * #HEAP_PER_BODY_BYTE} bytes: the bytes, their copy and their share of the parsed JSON tree, whose
 * size {@link StrictJson#MAX_TOKENS} bounds whatever the bytes are. A request reserves what it
 * announces before reading it ({@code Content-Length}, a gzip body's trailer), waiting for room
 * without holding any; a body that turns out larger grows its room only if it is free at once. What
 * a request reserved is given back as soon as it is answered. The default budget is a quarter of
 * the heap's bound (64 MiB under the launcher's 256 MiB): one body at {@link
 * RequestBody#MAX_BODY_BYTES}, or dozens of ordinary ingestion batches.
 *
 * <p>The filter puts the request's account where {@link RequestBody} finds it ({@link #ATTRIBUTE});
 * a request read without this filter reserves nothing.
 */
final class BodyMemory implements Filter {

  /** The heap one byte of body may take while its request is served. */
  static final int HEAP_PER_BODY_BYTE = 4;

  /**
   * The longest a request waits for room before it is answered 503: five seconds, since a waiting
   * request costs a parked virtual thread and a client would otherwise only retry.
   */
  static final long MAX_WAIT_MILLIS = 5_000;

  /** Room is taken in steps of this many KiB, so that a body read in small pieces is cheap. */
  private static final int STEP_KIBIBYTES = 256;

  /**
   * The largest body, in bytes, served from the lane kept for small bodies: 1 MiB, five times a
   * batch of 1,000 events. A quarter of the budget is kept for them, so that large bodies, however
   * slowly they arrive, never hold up ordinary ingestion.
   */
  static final long SMALL_BODY_BYTES = 1L << 20;

  /** The request attribute that holds the request's {@link Account}. */
  static final String ATTRIBUTE = "tally.body-memory";

  private final Lane small;
  private final Lane large;
  private final long maxWaitMillis;

  /**
   * @param budgetBytes the most heap, in bytes, bodies being served may hold together; at least 4
   *     MiB. A quarter is kept for bodies of at most {@link #SMALL_BODY_BYTES}.
   * @param maxWaitMillis the longest a request waits for room
   */
  BodyMemory(long budgetBytes, long maxWaitMillis) {
    int total = (int) Math.min(Integer.MAX_VALUE, Math.max(4096, budgetBytes >> 10));
    this.small = new Lane(total / 4);
    this.large = new Lane(total - total / 4);
    this.maxWaitMillis = maxWaitMillis;
  }

  /**
   * A quarter of the heap's bound ({@link Runtime#maxMemory}), waits of {@link #MAX_WAIT_MILLIS}.
   */
  static BodyMemory quarterOfTheHeap() {
    return new BodyMemory(Runtime.getRuntime().maxMemory() / 4, MAX_WAIT_MILLIS);
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

  /** A share of the budget, in KiB. */
  private static final class Lane {
    final Semaphore free;
    final int total;

    Lane(int total) {
      this.total = total;
      this.free = new Semaphore(total, true);
    }

    boolean take(int kib, long waitMillis) {
      try {
        return waitMillis == 0
            ? free.tryAcquire(kib)
            : free.tryAcquire(kib, waitMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** What one request has reserved; used by one request's thread at a time. */
  final class Account {
    private Lane lane;
    private int held;

    private Account() {}

    /**
     * Holds room for a body of {@code bytes} in all, read and inflated, waiting up to the bound for
     * it: in the small bodies' lane up to {@link #SMALL_BODY_BYTES}, else in the large. What the
     * request held is given up while it waits, so that no request waits while holding room another
     * waits for: requests that each hold part of the budget and want more could otherwise wait on
     * each other until all of them time out. A large body may hold its whole lane, never more, so
     * one body at the limit is admitted once the other large ones are gone.
     *
     * @throws Failure 503 {@code UNAVAILABLE} when there is no room in time
     */
    void expect(long bytes) {
      Lane wantedLane = bytes <= SMALL_BODY_BYTES ? small : large;
      int wanted = kibibytesFor(bytes, wantedLane);
      if (wantedLane == lane && wanted <= held) {
        return;
      }
      if (lane == large && wantedLane == small) {
        return; // already holds room in the large lane, at least a small body's
      }
      release();
      if (!wantedLane.take(wanted, maxWaitMillis)) {
        throw busy();
      }
      lane = wantedLane;
      held = wanted;
    }

    /**
     * Holds room for a body grown to {@code bytes} in all, past what {@link #expect} announced (a
     * chunked body, a gzip body that inflates to more than its trailer said), in steps of at least
     * a quarter of what it holds, and only if the room is free now: waiting here, holding room, is
     * what could make requests wait on each other. A body that outgrows the small lane moves to the
     * large one.
     *
     * @throws Failure 503 {@code UNAVAILABLE} when the room is not free
     */
    void grow(long bytes) {
      if (lane == null || (lane == small && bytes > SMALL_BODY_BYTES)) {
        int wanted = kibibytesFor(bytes, large);
        int before = held;
        Lane was = lane;
        if (!large.take(wanted, 0)) {
          throw busy();
        }
        if (was != null) {
          was.free.release(before);
        }
        lane = large;
        held = wanted;
        return;
      }
      int wanted = kibibytesFor(bytes, lane);
      if (wanted <= held) {
        return;
      }
      int take =
          Math.min(Math.max(wanted - held, Math.max(STEP_KIBIBYTES, held / 4)), lane.total - held);
      if (take <= 0) {
        return;
      }
      if (!lane.take(take, 0)) {
        throw busy();
      }
      held += take;
    }

    private int kibibytesFor(long bytes, Lane in) {
      return (int) Math.min(in.total, (bytes * HEAP_PER_BODY_BYTE + 1023) >> 10);
    }

    private Failure busy() {
      return new Failure(
          GrpcCode.UNAVAILABLE,
          503,
          "the server is busy reading other request bodies; try again shortly");
    }

    private void release() {
      if (lane != null && held > 0) {
        lane.free.release(held);
      }
      lane = null;
      held = 0;
    }
  }

  /** The room left in both lanes, in KiB (for tests). */
  int availableKibibytes() {
    return small.free.availablePermits() + large.free.availablePermits();
  }
}
