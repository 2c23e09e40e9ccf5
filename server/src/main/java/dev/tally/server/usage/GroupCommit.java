package dev.tally.server.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One writer at a time in this process, writing whatever batches are waiting together: the batch
 * that gets the writer's turn takes every batch queued behind it (up to {@code maxEvents} events),
 * stores them in one transaction, and hands each its own answer. On the embedded database a commit
 * rewrites every page the transaction touched, and concurrent transactions rewrite each other's
 * pages, so one commit for several batches costs much less than one each (docs/benchmarks.md).
 *
 * <p>Every batch still gets exactly its own answer, and only once the transaction that holds its
 * events committed. When a group's transaction fails, each of its batches is stored again alone, so
 * that one batch's failure is never another's (should a commit have failed after all but taken
 * effect, the batch stored again finds its events remembered and answers them as duplicates,
 * counted once, as a client's retry after a lost answer would). The database's locks and the
 * transaction's retries still make it correct: this only orders this process's own batches.
 *
 * @param <B> a batch
 * @param <A> a batch's answer
 */
final class GroupCommit<B, A> {

  private final ReentrantLock writer = new ReentrantLock();
  private final Queue<Pending<B, A>> waiting = new ConcurrentLinkedQueue<>();
  private final int maxEvents;
  private final ToIntFunction<B> events;
  private final Function<List<B>, List<A>> storeTogether;

  /**
   * @param maxEvents the most events one transaction holds (a single larger batch is stored alone)
   * @param events how many events a batch holds
   * @param storeTogether stores the batches in one transaction and returns their answers in order
   */
  GroupCommit(int maxEvents, ToIntFunction<B> events, Function<List<B>, List<A>> storeTogether) {
    this.maxEvents = maxEvents;
    this.events = events;
    this.storeTogether = storeTogether;
  }

  private static final class Pending<B, A> {
    final B batch;
    // Written by whichever thread holds the writer's turn, read by the batch's own thread after
    // that turn: the lock orders both.
    A answer;
    RuntimeException failure;
    boolean done;

    Pending(B batch) {
      this.batch = batch;
    }
  }

  /**
   * Stores the batch, with whatever else is waiting, and returns its answer once committed.
   *
   * @throws RuntimeException what storing the batch alone threw
   */
  A store(B batch) {
    Pending<B, A> mine = new Pending<>(batch);
    waiting.add(mine);
    writer.lock();
    try {
      while (!mine.done) {
        write(takeGroup());
      }
    } finally {
      writer.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.answer;
  }

  /** The batches waiting, oldest first, up to {@code maxEvents} (always at least one). */
  private List<Pending<B, A>> takeGroup() {
    List<Pending<B, A>> group = new ArrayList<>();
    int total = 0;
    for (Pending<B, A> next; (next = waiting.peek()) != null; ) {
      int size = events.applyAsInt(next.batch);
      if (!group.isEmpty() && total + size > maxEvents) {
        break;
      }
      group.add(waiting.poll());
      total += size;
    }
    return group;
  }

  private void write(List<Pending<B, A>> group) {
    if (group.size() > 1) {
      try {
        List<A> answers = storeTogether.apply(group.stream().map(p -> p.batch).toList());
        for (int i = 0; i < group.size(); i++) {
          group.get(i).answer = answers.get(i);
          group.get(i).done = true;
        }
        return;
      } catch (RuntimeException together) {
        // Nothing of the group committed: each batch is stored alone and gets its own outcome.
      }
    }
    for (Pending<B, A> p : group) {
      try {
        p.answer = storeTogether.apply(List.of(p.batch)).getFirst();
      } catch (RuntimeException e) {
        p.failure = e;
      }
      p.done = true;
    }
  }
}
