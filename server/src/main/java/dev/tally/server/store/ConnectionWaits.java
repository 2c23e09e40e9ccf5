package dev.tally.server.store;

/**
 * One request's waits for pooled connections, counted together: inside a {@link #begin} scope, the
 * pool ({@link ReconnectingDataSource}) gives each acquisition only what is left of its connection
 * timeout ({@code --database-timeout}) after the acquisitions before it on the same thread, and
 * refuses at once, without asking the pool, when nothing is left. So a request that needs several
 * connections in turn (its key's lookup, then its read or write, then any retry of a serialization
 * conflict) waits for connections at most the timeout in total, not the timeout once per
 * acquisition. Outside a scope (the scheduled close, CLI tools) each acquisition waits up to the
 * timeout, as before.
 *
 * <p>The count is per thread: the HTTP server runs each request on a virtual thread of its own and
 * opens a scope when the request begins; a new scope replaces any left on the thread.
 */
public final class ConnectionWaits {

  private static final ThreadLocal<long[]> SPENT_NANOS = new ThreadLocal<>();

  private ConnectionWaits() {}

  /** Ends a scope. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts counting this thread's waits from zero, until the scope is closed. */
  public static Scope begin() {
    return beginWithin(Long.MAX_VALUE);
  }

  /**
   * As {@link #begin}, with the scope's waits capped below the connection timeout: for a read that
   * may give up and leave the request to a path that waits the whole timeout (a hot read, which
   * falls through to the router), so that the two waits together still add up to at most the
   * timeout plus this cap.
   *
   * @param capNanos the most this scope's acquisitions wait in total, in nanoseconds
   */
  public static Scope beginWithin(long capNanos) {
    long[] spent = {0, capNanos};
    SPENT_NANOS.set(spent);
    return () -> {
      if (SPENT_NANOS.get() == spent) {
        SPENT_NANOS.remove();
      }
    };
  }

  /**
   * Counts a wait that stood in for a connection wait, so that this request's acquisitions
   * afterwards get only what is left: a hot read that gave up on the pool, a shared read whose time
   * ran out, a key's lookup that failed ({@link #chargeShared} for one that did not). Nothing
   * outside a scope.
   *
   * @param nanos how long it waited
   */
  public static void charge(long nanos) {
    long[] spent = SPENT_NANOS.get();
    if (spent != null && nanos > 0) {
      spent[0] += nanos;
    }
  }

  /**
   * This thread's waits for connections so far in its scope, in nanoseconds; 0 outside a scope. A
   * read that others wait for measures its own waits with it, before and after, so that those who
   * waited are charged only that part ({@link #chargeShared}).
   */
  public static long spent() {
    long[] spent = SPENT_NANOS.get();
    return spent == null ? 0 : spent[0];
  }

  /**
   * Counts a wait for another request's read of the database (a key's lookup, a shared read): only
   * the part of it during which that read itself waited for connections, which is what this request
   * would have waited for reading alone. A slow but healthy read (a rating, a statement behind a
   * lock) costs those who waited for it none of their timeout; a read that waited out the pool
   * during an outage costs them what it waited, so that they too fail within about their timeout.
   *
   * @param waitedNanos how long this request waited for the other's read
   * @param readsWaitNanos how long that read waited for connections ({@link #spent} across it)
   */
  public static void chargeShared(long waitedNanos, long readsWaitNanos) {
    charge(Math.min(waitedNanos, readsWaitNanos));
  }

  /**
   * The running count of this thread's scope and its cap ({@code [spent, cap]}, in nanoseconds), or
   * null outside a scope.
   */
  static long[] current() {
    return SPENT_NANOS.get();
  }
}
