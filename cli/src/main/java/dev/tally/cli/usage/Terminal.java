package dev.tally.cli.usage;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** Whether a person is watching: then progress can redraw one line instead of printing many. */
public final class Terminal {

  private Terminal() {}

  /**
   * True when the process is attached to an interactive terminal. Up to Java 21 that is exactly
   * {@code System.console() != null}; from Java 22 a console may exist with its streams redirected,
   * and {@code Console.isTerminal()} (called reflectively, as this code is built for 21) tells.
   * Java cannot see whether stderr alone is redirected; {@code --no-progress} is for that case.
   */
  public static boolean isInteractive(Map<String, String> env) {
    if ("dumb".equals(env.get("TERM"))) {
      return false;
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
