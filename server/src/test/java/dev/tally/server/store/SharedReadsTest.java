package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SharedReads} answers every caller with a read that began after it called, and lets callers
 * that come while a read is under way share the next one. The reads here stand for the statement
 * that reads an organization's revision: they answer how many reads had begun, or what had been
 * committed, when they began.
 */
@Timeout(60)
class SharedReadsTest {

  /** No bound on waiting. */
  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  @Test
  void callersArrivingDuringAReadShareTheNextReadAndNeverTakeTheOneUnderWay() throws Exception {
    NumberedReads numbered = new NumberedReads(0);
    List<Future<Integer>> calls = firstAndThreeDuringIt(numbered);
    Future<Integer> first = calls.getFirst();
    List<Future<Integer>> later = calls.subList(1, calls.size());
    numbered.release.countDown();

    assertThat(first.get()).isEqualTo(1);
    for (Future<Integer> f : later) {
      assertThat(f.get()).as("a read begun after the call").isEqualTo(2);
    }
    assertThat(numbered.begun).as("one read for the three that came during the first").hasValue(2);
  }

  @Test
  void theGroupIsAnsweredByItsLeadersReadAndTheOthersReadsAreNotRun() throws Exception {
    SharedReads<String, String> reads = new SharedReads<>(FOREVER::toNanos);
    CountDownLatch began = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger run = new AtomicInteger();
    Future<String> first =
        callers.submit(
            () ->
                reads.get(
                    "org",
                    () -> {
                      run.incrementAndGet();
                      began.countDown();
                      awaitQuietly(release);
                      return "first";
                    }));
    began.await();
    List<Thread> waiting = new ArrayList<>();
    List<Future<String>> later = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String mine = "caller " + i;
      later.add(
          callers.submit(
              () -> {
                synchronized (waiting) {
                  waiting.add(Thread.currentThread());
                }
                return reads.get(
                    "org",
                    () -> {
                      run.incrementAndGet();
                      return mine;
                    });
              }));
    }
    awaitParked(waiting, 3);
    release.countDown();

    assertThat(first.get()).isEqualTo("first");
    List<String> answers = new ArrayList<>();
    for (Future<String> f : later) {
      answers.add(f.get());
    }
    assertThat(answers)
        .as("the leader's answer, for all three")
        .hasSize(3)
        .containsOnly(answers.getFirst());
    assertThat(answers.getFirst()).startsWith("caller ");
    assertThat(run.get()).as("the first read and one shared read").isEqualTo(2);
  }

  @Test
  void aKeyIsHeldOnlyWhileAReadOfItIsUnderWayOrWaitedFor() throws Exception {
    NumberedReads numbered = new NumberedReads(2);
    List<Future<Integer>> calls = firstAndThreeDuringIt(numbered);
    assertThat(numbered.reads.shared.keysHeld()).isEqualTo(1);
    numbered.release.countDown();
    for (Future<Integer> call : calls) {
      try {
        call.get();
      } catch (java.util.concurrent.ExecutionException failedAsTold) {
        // the read numbered 2 fails
      }
    }
    assertThat(numbered.reads.shared.keysHeld()).as("keys after every read ended").isZero();
  }

  @Test
  void aReadOfOneKeyDoesNotHoldUpAnother() throws Exception {
    CountDownLatch began = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Reads<String> reads =
        new Reads<>(
            key -> {
              if (key.equals("slow")) {
                began.countDown();
                awaitQuietly(release);
              }
              return key;
            },
            FOREVER::toNanos);
    Future<String> slow = callers.submit(() -> reads.get("slow"));
    began.await();

    assertThat(reads.get("fast")).isEqualTo("fast");
    release.countDown();
    assertThat(slow.get()).isEqualTo("slow");
  }

  @Test
  void aSharedReadThatFailsFailsOnlyItsLeaderAndTheOthersReadForThemselves() throws Exception {
    // The second read is the one the three share; it fails within its leader's limits (say, its
    // wait for the pool).
    NumberedReads numbered = new NumberedReads(2);
    List<Future<Integer>> calls = firstAndThreeDuringIt(numbered);
    Future<Integer> first = calls.getFirst();
    List<Future<Integer>> later = calls.subList(1, calls.size());
    numbered.release.countDown();

    assertThat(first.get()).isEqualTo(1);
    int failed = 0;
    List<Integer> answers = new ArrayList<>();
    for (Future<Integer> f : later) {
      try {
        answers.add(f.get());
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).hasMessage("read 2 failed");
        failed++;
      }
    }
    assertThat(failed).as("only the leader of the failed read").isEqualTo(1);
    assertThat(answers).as("reads of their own, after it").allMatch(n -> n > 2).hasSize(2);
    assertThat(numbered.begun).hasValue(4);
  }

  @Test
  void aCallerWaitsForAnotherReadAtMostItsPatienceChargedAsAWaitThenReadsForItself()
      throws Exception {
    Duration patience = Duration.ofMillis(200);
    NumberedReads numbered = new NumberedReads(0, 1, patience);
    Future<Integer> first = callers.submit(() -> numbered.reads.get("org"));
    numbered.began.acquire();

    int second;
    long charged;
    try (ConnectionWaits.Scope scope = ConnectionWaits.begin()) {
      second = numbered.reads.get("org");
      charged = ConnectionWaits.current()[0];
    }

    assertThat(second).as("its own read, begun while the first is held").isEqualTo(2);
    assertThat(first).isNotDone();
    // The first read's group gave up at its leader's patience, which began a moment earlier.
    assertThat(charged).as("the wait, counted").isGreaterThanOrEqualTo(patience.toNanos() / 2);
    numbered.release.countDown();
    assertThat(first.get()).isEqualTo(1);
  }

  @Test
  void aWaitForAReadThatAnswersIsNotChargedHoweverLongItTook() throws Exception {
    NumberedReads numbered = new NumberedReads(0);
    List<Future<Integer>> calls = new ArrayList<>();
    calls.add(callers.submit(() -> numbered.reads.get("org")));
    numbered.began.acquire();
    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      calls.add(
          callers.submit(
              () -> {
                synchronized (waiting) {
                  waiting.add(Thread.currentThread());
                }
                try (ConnectionWaits.Scope scope = ConnectionWaits.begin()) {
                  int answer = numbered.reads.get("org");
                  // The leader of the second read waited for the first, the other for the second.
                  assertThat(ConnectionWaits.current()[0]).as("charged").isZero();
                  return answer;
                }
              }));
    }
    awaitParked(waiting, 2);
    TimeUnit.MILLISECONDS.sleep(50);
    numbered.release.countDown();

    assertThat(calls).extracting(Future::get).containsExactly(1, 2, 2);
  }

  @Test
  void aCallerIsChargedOnlyWhatTheReadItWaitedForWaitedForConnectionsAndReadsAgainIfItFailed()
      throws Exception {
    // The first read stands for one that waited for a pooled connection (charged in its scope), or
    // for one slowed by a healthy database; then it fails, and the waiting caller reads itself.
    for (long poolWait : new long[] {0, Duration.ofSeconds(10).toNanos()}) {
      AtomicInteger begun = new AtomicInteger();
      CountDownLatch began = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Reads<Integer> reads =
          new Reads<>(
              key -> {
                int n = begun.incrementAndGet();
                if (n == 1) {
                  ConnectionWaits.charge(poolWait);
                  began.countDown();
                  awaitQuietly(release);
                  throw new IllegalStateException("read 1 failed");
                }
                return n;
              },
              FOREVER::toNanos);
      Future<Integer> first =
          callers.submit(
              () -> {
                try (ConnectionWaits.Scope scope = ConnectionWaits.begin()) {
                  return reads.get("org");
                }
              });
      began.await();
      List<Thread> waiting = new ArrayList<>();
      Future<long[]> second =
          callers.submit(
              () -> {
                synchronized (waiting) {
                  waiting.add(Thread.currentThread());
                }
                try (ConnectionWaits.Scope scope = ConnectionWaits.begin()) {
                  int answer = reads.get("org");
                  return new long[] {answer, ConnectionWaits.spent()};
                }
              });
      awaitParked(waiting, 1);
      TimeUnit.MILLISECONDS.sleep(20);
      release.countDown();

      assertThat(first).failsWithin(Duration.ofSeconds(10));
      long[] answered = second.get();
      assertThat(answered[0]).as("its own read, after the one it waited for failed").isEqualTo(2);
      if (poolWait == 0) {
        assertThat(answered[1]).as("a read that failed without waiting for connections").isZero();
      } else {
        assertThat(answered[1]).as("its whole wait, which the read spent waiting").isPositive();
      }
    }
  }

  @Test
  void callersWhoseSharedReadOutlastsTheirPatienceReadForThemselves() throws Exception {
    // The first read and the one the three share are both held (a database that stopped
    // answering mid-statement); the two that joined the leader's read give up on it and read.
    NumberedReads numbered = new NumberedReads(0, 2, Duration.ofMillis(300));
    List<Future<Integer>> calls = firstAndThreeDuringIt(numbered);

    List<Integer> answered = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (answered.size() < 2 && System.nanoTime() < deadline) {
      answered.clear();
      for (Future<Integer> call : calls.subList(1, 4)) {
        if (call.isDone()) {
          answered.add(call.get());
        }
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
    assertThat(answered).containsExactlyInAnyOrder(3, 4);
    assertThat(calls.getFirst()).isNotDone();
    numbered.release.countDown();
    assertThat(calls.getFirst().get()).isEqualTo(1);
    assertThat(calls.subList(1, 4)).extracting(Future::get).containsExactlyInAnyOrder(2, 3, 4);
  }

  @Test
  void underContentionEveryAnswerIsAtLeastWhatItsCallerSawCommittedAndReadsAreShared()
      throws Exception {
    AtomicLong committed = new AtomicLong();
    AtomicInteger begun = new AtomicInteger();
    Reads<Long> reads =
        new Reads<>(
            key -> {
              begun.incrementAndGet();
              long value = committed.get();
              // A statement's round trip, during which more commits and callers come.
              sleepQuietly();
              return value;
            },
            FOREVER::toNanos);
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    committed.incrementAndGet();
                    Thread.onSpinWait();
                  }
                });
    int threads = 16;
    int callsEach = 100;
    List<Future<Integer>> stale = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        stale.add(
            callers.submit(
                () -> {
                  int older = 0;
                  for (int i = 0; i < callsEach; i++) {
                    long seen = committed.get();
                    if (reads.get("org") < seen) {
                      older++;
                    }
                  }
                  return older;
                }));
      }
      for (Future<Integer> f : stale) {
        assertThat(f.get()).as("answers older than what the caller had seen").isZero();
      }
    } finally {
      writer.interrupt();
      writer.join();
    }
    assertThat(begun.get())
        .as("reads for %d calls", threads * callsEach)
        .isLessThan(threads * callsEach);
  }

  /**
   * Reads that answer their own number (1 for the first begun, and so on): those numbered up to
   * {@code heldUpTo} are held open until {@code release}, the one numbered {@code failing} throws
   * instead, and a caller waits for others' reads at most {@code patience}.
   */
  private static final class NumberedReads {
    final AtomicInteger begun = new AtomicInteger();
    final Semaphore began = new Semaphore(0);
    final CountDownLatch release = new CountDownLatch(1);
    final Reads<Integer> reads;

    NumberedReads(int failing, int heldUpTo, Duration patience) {
      reads =
          new Reads<>(
              key -> {
                int n = begun.incrementAndGet();
                began.release();
                if (n <= heldUpTo) {
                  awaitQuietly(release);
                }
                if (n == failing) {
                  throw new IllegalStateException("read " + n + " failed");
                }
                return n;
              },
              patience::toNanos);
    }

    NumberedReads(int failing) {
      this(failing, 1, FOREVER);
    }
  }

  /**
   * A first call, whose read is held open, then three calls made during it, once each waits
   * (parked) for a read. Returns the four calls in that order.
   */
  private List<Future<Integer>> firstAndThreeDuringIt(NumberedReads numbered)
      throws InterruptedException {
    List<Future<Integer>> calls = new ArrayList<>();
    calls.add(callers.submit(() -> numbered.reads.get("org")));
    numbered.began.acquire();
    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(
          callers.submit(
              () -> {
                synchronized (waiting) {
                  waiting.add(Thread.currentThread());
                }
                return numbered.reads.get("org");
              }));
    }
    awaitParked(waiting, 3);
    return calls;
  }

  /** Waits until every one of {@code count} threads is parked, waiting on a read. */
  private static void awaitParked(List<Thread> threads, int count) throws InterruptedException {
    while (true) {
      synchronized (threads) {
        if (threads.size() == count
            && threads.stream()
                .allMatch(
                    t ->
                        t.getState() == Thread.State.WAITING
                            || t.getState() == Thread.State.TIMED_WAITING)) {
          return;
        }
      }
      TimeUnit.MILLISECONDS.sleep(1);
    }
  }

  /** A {@link SharedReads} whose callers all bring the same read of a key. */
  private static final class Reads<V> {
    final SharedReads<String, V> shared;
    private final Function<String, V> read;

    Reads(Function<String, V> read, LongSupplier patienceNanos) {
      this.shared = new SharedReads<>(patienceNanos);
      this.read = read;
    }

    V get(String key) {
      return shared.get(key, () -> read.apply(key));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly() {
    try {
      TimeUnit.MICROSECONDS.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
