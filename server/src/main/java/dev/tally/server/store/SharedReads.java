package dev.tally.server.store;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A read that concurrent callers asking for the same key share, and that is never older than the
 * call: each caller is answered by a read that began after it called. A caller that finds a read of
 * its key under way does not take that read's answer, which may predate what the caller has seen
 * committed; it joins the next read, which begins as soon as the one under way ends, and which
 * everyone arriving meanwhile joins too. This is group commit's idea applied to reads: under load,
 * one statement answers many requests, and the database sees one read of a key at a time.
 *
 * <p>Waiting for another caller's read is counted as a wait for a connection ({@link
 * ConnectionWaits}) only for the part of it during which that read itself waited for connections,
 * which is what the caller would have waited for reading alone. A group waits at most what {@code
 * patienceNanos} gives its leader when it forms: for a one-statement read, what is left of the
 * leader's wait for the database ({@link Transactor#sharedStatements}), so a statement that takes
 * longer (a database that stopped answering mid-statement) holds only its own caller; for a read
 * that also rates or serializes, no bound beyond the leader's own ({@link Transactor#sharedReads}),
 * since a slow but healthy read is worth waiting for. When a read a caller waited for failed or
 * outlasted that bound, the caller reads for itself, within what is left of its own wait, which is
 * nothing once the wait is spent: so a caller is failed only by a read of its own, and within its
 * own timeout (for the first kind), as a caller that shares nothing is.
 *
 * <p>What it is for: the version of a cached draft or list ({@code invoices.LiveInvoices}), read on
 * every hot read of one, and an invoice or list that no cache holds ({@code http.InvoiceRoutes}),
 * which a burst of requests after a start or a write would otherwise each read and serialize
 * (docs/architecture.md, "Serving"). A read is as fresh as one of its own, and so a write committed
 * before a request arrived is always seen by it, whichever instance made it.
 *
 * <p>Each caller brings its read, as it would make it alone; the group runs its leader's. A key is
 * held only while a read of it is under way or waited for.
 *
 * @param <K> the key read
 * @param <V> what a read of it answers, never null
 */
public final class SharedReads<K, V> {

  private final LongSupplier patienceNanos;
  private final ConcurrentHashMap<K, Slot<V>> slots = new ConcurrentHashMap<>();

  /**
   * @param patienceNanos how long the calling thread may still wait for the database, in
   *     nanoseconds ({@link Transactor#sharedStatements} gives what is left of its connection
   *     timeout); {@code Long.MAX_VALUE} for no bound
   */
  SharedReads(LongSupplier patienceNanos) {
    this.patienceNanos = patienceNanos;
  }

  /**
   * One key's reads: the one under way, and the next, which callers join until it begins. Changed
   * only inside the map's {@code compute}, which also drops a slot that has neither.
   */
  private static final class Slot<V> {
    private CompletableFuture<Outcome<V>> running;
    private CompletableFuture<Outcome<V>> next;
  }

  /**
   * How a group's read ended: its answer, or null when it failed; and how long it waited for
   * connections, which is all that those who waited for it are charged ({@link
   * ConnectionWaits#chargeShared}).
   */
  private record Outcome<V>(V value, long connectionWaitNanos) {}

  /**
   * What a caller found when it came: a group to join, or the group it leads and the one before.
   */
  private record Arrival<V>(
      CompletableFuture<Outcome<V>> joined,
      CompletableFuture<Outcome<V>> mine,
      CompletableFuture<Outcome<V>> before) {}

  /**
   * The key's value, as read by a read that began after this call did: this caller's {@code read},
   * or the one of a caller that came at the same time, shared.
   *
   * @param read reads the key afresh, in the calling thread (whose {@link ConnectionWaits} scope it
   *     waits for the pool under); never answers null. Callers of one key must read the same thing,
   *     up to the moment they ask.
   * @throws RuntimeException what this caller's own read threw
   */
  public V get(K key, Supplier<V> read) {
    Arrival<V> arrival = arrive(key);
    if (arrival.joined() != null) {
      V shared = awaitShared(arrival.joined());
      return shared != null ? shared : Objects.requireNonNull(read.get());
    }
    CompletableFuture<Outcome<V>> mine = arrival.mine();
    // What the group is charged runs from here: the wait for the read under way counts too, as far
    // as that read waited for connections.
    long waitedBefore = ConnectionWaits.spent();
    long patience = patienceNanos.getAsLong();
    if (patience < Long.MAX_VALUE) {
      // One timer for the whole group, not one per caller: a timed wait of each would cost a timer
      // per request (a virtual thread's timed park schedules one).
      mine.orTimeout(Math.max(0, patience), TimeUnit.NANOSECONDS);
    }
    // This caller leads the next read. It begins once the one under way, if any, has ended (one
    // read of a key at a time), or given up on (its group's time ran out): any read begun then is
    // still one begun after every caller waiting for it.
    if (arrival.before() != null) {
      awaitShared(arrival.before());
    }
    slots.compute(
        key,
        (k, slot) -> {
          Slot<V> s = slot != null ? slot : new Slot<>();
          s.running = mine;
          if (s.next == mine) {
            s.next = null;
          }
          return s;
        });
    try {
      V value = Objects.requireNonNull(read.get());
      mine.complete(new Outcome<>(value, ConnectionWaits.spent() - waitedBefore));
      return value;
    } catch (RuntimeException | Error failure) {
      mine.complete(new Outcome<>(null, ConnectionWaits.spent() - waitedBefore));
      throw failure;
    } finally {
      slots.computeIfPresent(
          key,
          (k, s) -> {
            if (s.running == mine) {
              s.running = null;
            }
            return s.running == null && s.next == null ? null : s;
          });
    }
  }

  /** Joins the key's next read, or becomes its leader when there is none. */
  private Arrival<V> arrive(K key) {
    @SuppressWarnings("unchecked")
    Arrival<V>[] arrival = new Arrival[1];
    slots.compute(
        key,
        (k, slot) -> {
          Slot<V> s = slot != null ? slot : new Slot<>();
          if (s.next != null) {
            arrival[0] = new Arrival<>(s.next, null, null);
          } else {
            s.next = new CompletableFuture<>();
            arrival[0] = new Arrival<>(null, s.next, s.running);
          }
          return s;
        });
    return arrival[0];
  }

  /** How many keys are held now: those with a read under way or waited for. For tests. */
  int keysHeld() {
    return slots.size();
  }

  /**
   * Another caller's read; null when it failed or its group's time ran out (set from its leader's
   * patience when it formed). This caller is charged, as a wait for a connection, the part of its
   * wait during which that read waited for connections ({@link ConnectionWaits#chargeShared}), and
   * the whole wait when the group's time ran out: so a slow but healthy read (a rating, a statement
   * behind a lock), or one that failed by itself (a statement cancelled), leaves this caller its
   * own timeout to read with, and one that waited out an unreachable database does not.
   */
  private V awaitShared(CompletableFuture<Outcome<V>> other) {
    long started = System.nanoTime();
    Outcome<V> outcome = other.handle((ended, timedOut) -> ended).join();
    long waited = System.nanoTime() - started;
    if (outcome == null) {
      ConnectionWaits.charge(waited);
      return null;
    }
    ConnectionWaits.chargeShared(waited, outcome.connectionWaitNanos());
    return outcome.value();
  }
}
