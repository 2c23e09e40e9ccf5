package dev.tally.server.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A read that concurrent callers asking for the same key share, and that is never older than the
 * call: each caller is answered by a read that began after it called. A caller that finds a read of
 * its key under way does not take that read's answer, which may predate what the caller has seen
 * committed; it joins the next read, which begins as soon as the one under way ends, and which
 * everyone arriving meanwhile joins too. This is group commit's idea applied to reads: under load,
 * one statement answers many requests, and the database sees at most one read of a key at a time.
 *
 * <p>What it is for: the version of a cached draft or list ({@code invoices.LiveInvoices}), read on
 * every hot read of one (docs/architecture.md, "Serving"). A read is as fresh as one of its own,
 * and so a write committed before a request arrived is always seen by it, whichever instance made
 * it.
 *
 * <p>Keys are kept for as long as this lives, one small entry each: use it for keys of a bounded
 * set, such as organizations.
 *
 * @param <K> the key read
 * @param <V> what a read of it answers
 */
public final class SharedReads<K, V> {

  private final Function<K, V> read;
  private final ConcurrentHashMap<K, Slot<V>> slots = new ConcurrentHashMap<>();

  /**
   * @param read reads a key's value afresh, in the calling thread (whose {@link ConnectionWaits}
   *     scope it waits for the pool under)
   */
  public SharedReads(Function<K, V> read) {
    this.read = read;
  }

  /** One key's reads: the one under way, and the next, which callers join until it begins. */
  private static final class Slot<V> {
    private CompletableFuture<V> running;
    private CompletableFuture<V> next;
  }

  /**
   * The key's value, as read by a read that began after this call did: the caller's own, or one
   * shared with callers that came at the same time. When a shared read fails, each caller that
   * joined it reads again by itself, so that only a read of its own, within its own limits, can
   * fail a caller.
   *
   * @throws RuntimeException what the caller's own read threw
   */
  public V get(K key) {
    Slot<V> slot = slots.computeIfAbsent(key, k -> new Slot<>());
    CompletableFuture<V> joined;
    CompletableFuture<V> mine = null;
    CompletableFuture<V> before = null;
    synchronized (slot) {
      joined = slot.next;
      if (joined == null) {
        mine = new CompletableFuture<>();
        slot.next = mine;
        before = slot.running;
      }
    }
    if (joined != null) {
      try {
        return await(joined);
      } catch (RuntimeException failedForAnother) {
        // The read failed within its leader's limits (its wait for the pool, ConnectionWaits), not
        // this caller's: a caller is failed only by a read of its own.
        return read.apply(key);
      }
    }
    // This caller leads the next read; it begins once the one under way, if any, has ended, since
    // that one may have begun before some of the callers now waiting for this one.
    if (before != null) {
      before.handle((value, failure) -> null).join();
    }
    synchronized (slot) {
      slot.running = mine;
      slot.next = null;
    }
    try {
      mine.complete(read.apply(key));
    } catch (RuntimeException | Error failure) {
      mine.completeExceptionally(failure);
    } finally {
      synchronized (slot) {
        if (slot.running == mine) {
          slot.running = null;
        }
      }
    }
    return await(mine);
  }

  private static <V> V await(CompletableFuture<V> shared) {
    try {
      return shared.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
