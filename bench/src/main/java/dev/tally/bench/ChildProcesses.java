package dev.tally.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The servers the serve benchmark starts, stopped when it ends: by their owner's {@code close}
 * normally, and by a shutdown hook when the benchmark is interrupted (Ctrl-C), so that no {@code
 * tally serve} or nginx is left running behind it.
 */
final class ChildProcesses {

  private static final Map<Process, Thread> HOOKS = new ConcurrentHashMap<>();

  private ChildProcesses() {}

  /** Registers {@code process} to be stopped (SIGTERM) if this JVM exits before it is. */
  static void stopOnExit(Process process) {
    Thread hook = new Thread(process::destroy, "stop-" + process.pid());
    HOOKS.put(process, hook);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Stops {@code process} with SIGTERM, killing it after {@code seconds}. */
  static void stop(Process process, int seconds) throws InterruptedException {
    Thread hook = HOOKS.remove(process);
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException exiting) {
        // the hook runs anyway
      }
    }
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
