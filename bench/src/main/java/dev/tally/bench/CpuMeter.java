package dev.tally.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where the CPU time of a timed phase went: this JVM (client, server and, when embedded, the
 * database), the PostgreSQL server (when there is one), and the whole machine, from /proc. On a
 * shared machine the wall-clock rate depends on what else runs; these show how much of the two
 * cores the benchmark actually had, and what its work cost. Linux only; elsewhere the figures are
 * absent.
 */
final class CpuMeter {

  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final Path PROC = Path.of("/proc");

  /**
   * One reading, in nanoseconds of CPU time (machine: busy and total, over all cores). {@code
   * jitNanos} is the part of {@code jvmNanos} spent by the JVM's JIT compiler threads (-1 when
   * unknown).
   */
  record Reading(
      long wallNanos,
      long jvmNanos,
      long jitNanos,
      long postgresNanos,
      long machineBusyNanos,
      long machineTotalNanos) {}

  private final long postmasterPid;

  /**
   * {@code postgresBackendPid}: any backend of the server (its parent is the postmaster), or 0 for
   * none.
   */
  CpuMeter(long postgresBackendPid) {
    this.postmasterPid = postgresBackendPid > 0 ? parentOf(postgresBackendPid) : 0;
  }

  Reading read() {
    long jvm =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime()
            : -1;
    long[] machine = machine();
    return new Reading(
        System.nanoTime(),
        jvm,
        jitTicks() * (1_000_000_000L / TICKS_PER_SECOND),
        postmasterPid > 0 ? postgresTicks() * (1_000_000_000L / TICKS_PER_SECOND) : -1,
        machine[0],
        machine[1]);
  }

  /** "cpu: this JVM 3.1 s, PostgreSQL 1.2 s, whole machine 7.9 of 8.0 core-s busy (4.0 s wall)". */
  static String describe(Reading from, Reading to) {
    double wall = (to.wallNanos() - from.wallNanos()) / 1e9;
    StringBuilder s = new StringBuilder("cpu: this JVM ");
    s.append(seconds(from.jvmNanos(), to.jvmNanos()));
    if (from.jitNanos() >= 0 && to.jitNanos() >= 0) {
      s.append(" (JIT compiler ").append(seconds(from.jitNanos(), to.jitNanos())).append(')');
    }
    if (from.postgresNanos() >= 0 && to.postgresNanos() >= 0) {
      s.append(", PostgreSQL ").append(seconds(from.postgresNanos(), to.postgresNanos()));
    }
    if (to.machineTotalNanos() > from.machineTotalNanos()) {
      double busy = (to.machineBusyNanos() - from.machineBusyNanos()) / 1e9;
      double total = (to.machineTotalNanos() - from.machineTotalNanos()) / 1e9;
      s.append(String.format(Locale.ROOT, ", whole machine %.1f of %.1f core-s busy", busy, total));
    }
    s.append(String.format(Locale.ROOT, " (%.1f s wall)", wall));
    return s.toString();
  }

  /** CPU seconds of this JVM in the phase, the JIT compiler's included. */
  static double jvmSeconds(Reading from, Reading to) {
    return Math.max(0, to.jvmNanos() - from.jvmNanos()) / 1e9;
  }

  /** CPU seconds of the JIT compiler's threads in the phase; -1 where they cannot be read. */
  static double jitSeconds(Reading from, Reading to) {
    return from.jitNanos() >= 0 && to.jitNanos() >= 0
        ? Math.max(0, to.jitNanos() - from.jitNanos()) / 1e9
        : -1;
  }

  /** CPU seconds of the benchmark itself (JVM + PostgreSQL) in the phase. */
  static double ownSeconds(Reading from, Reading to) {
    double own = Math.max(0, to.jvmNanos() - from.jvmNanos());
    if (from.postgresNanos() >= 0 && to.postgresNanos() >= 0) {
      own += to.postgresNanos() - from.postgresNanos();
    }
    return own / 1e9;
  }

  /**
   * {@link #ownSeconds} less what the JIT compiler used: the cost of the work itself once the JVM
   * is warm, which is what a long-running server pays. A young JVM compiles for seconds, on a core
   * of its own, and more code to compile looks like more work.
   */
  static double ownSecondsWithoutJit(Reading from, Reading to) {
    double jit =
        from.jitNanos() >= 0 && to.jitNanos() >= 0
            ? Math.max(0, to.jitNanos() - from.jitNanos()) / 1e9
            : 0;
    return Math.max(0, ownSeconds(from, to) - jit);
  }

  /**
   * Waits until the benchmark's processes (this JVM, PostgreSQL) use less than a tenth of a core
   * over a second, at most {@code maxSeconds}: the database's background work after a load (H2
   * rewriting its store, PostgreSQL's autovacuum) then does not run during the timing. Returns the
   * seconds waited.
   */
  double settle(int maxSeconds) {
    long start = System.nanoTime();
    Reading before = read();
    for (int i = 0; i < maxSeconds; i++) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      Reading after = read();
      double own = ownSeconds(before, after);
      before = after;
      if (own < 0.1) {
        break;
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** CPU time (user and system) process {@code pid} has used so far, in nanoseconds; -1 if gone. */
  static long processNanos(long pid) {
    long[] st = stat(pid);
    return st == null ? -1 : (st[1] + st[2]) * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /**
   * Waits until process {@code pid} uses less than a tenth of a core over a quarter of a second, at
   * most {@code maxSeconds}: a server that was sent more requests than it could answer is still
   * answering them when the load generator stops. Returns the seconds waited.
   */
  static double awaitIdle(long pid, int maxSeconds) throws InterruptedException {
    long start = System.nanoTime();
    long before = processNanos(pid);
    while (System.nanoTime() - start < maxSeconds * 1_000_000_000L) {
      Thread.sleep(250);
      long after = processNanos(pid);
      if (after < 0 || after - before < 25_000_000L) {
        break;
      }
      before = after;
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static String seconds(long from, long to) {
    return from < 0 || to < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", (to - from) / 1e9);
  }

  /**
   * CPU ticks of this JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre" in
   * /proc/self/task), or -1 off Linux. A compiler thread the JVM ends takes its time with it; the
   * benchmark's JVM keeps them ({@code -XX:-UseDynamicNumberOfCompilerThreads} in bin/benchmark).
   */
  private static long jitTicks() {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(PROC.resolve("self").resolve("task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String comm;
        try {
          comm = Files.readString(task.resolve("comm"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
          String line = Files.readString(task.resolve("stat"));
          String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return ticks;
  }

  /** The postmaster's own and reaped children's time, plus its living children's. */
  private long postgresTicks() {
    long ticks = 0;
    long[] master = stat(postmasterPid);
    if (master != null) {
      ticks += master[1] + master[2] + master[3] + master[4];
    }
    try (Stream<Path> procs = Files.list(PROC)) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long[] st = stat(Long.parseLong(name));
        if (st != null && st[0] == postmasterPid) {
          ticks += st[1] + st[2];
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return ticks;
  }

  private static long parentOf(long pid) {
    long[] st = stat(pid);
    return st == null ? 0 : st[0];
  }

  /** ppid, utime, stime, cutime, cstime of a process, or null. */
  private static long[] stat(long pid) {
    try {
      String line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
      // utime stime cutime cstime
      return new long[] {
        Long.parseLong(f[1]),
        Long.parseLong(f[11]),
        Long.parseLong(f[12]),
        Long.parseLong(f[13]),
        Long.parseLong(f[14])
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Busy and total CPU time of all cores, from the first line of /proc/stat. */
  private static long[] machine() {
    try {
      List<String> lines = Files.readAllLines(PROC.resolve("stat"));
      String[] f = lines.getFirst().trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long nanosPerTick = 1_000_000_000L / TICKS_PER_SECOND;
      return new long[] {(total - idle) * nanosPerTick, total * nanosPerTick};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }
}
