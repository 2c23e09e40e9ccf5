package dev.tally.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end and keeps what it printed; for the packaging tests. */
final class Commands {

  /** What a finished command did: its exit code and its stdout and stderr, merged. */
  record Result(List<String> command, int exitCode, String output) {
    Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited " + exitCode + ":\n" + output);
      }
      return this;
    }

    /** The last line printed, trimmed: what commands such as {@code api-keys create} answer. */
    String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1].strip();
    }
  }

  private Commands() {}

  static Result run(List<String> command) throws IOException, InterruptedException {
    return run(command, Map.of());
  }

  /**
   * Runs {@code command} with {@code env} replacing the whole environment when not empty, for at
   * most two minutes.
   */
  static Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("tally-dist-command", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      if (!env.isEmpty()) {
        builder.environment().clear();
        builder.environment().putAll(env);
      }
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
      }
      return new Result(command, process.exitValue(), Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Whether {@code program} is an executable on the PATH. */
  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Skips the calling test, loudly, when {@code reason} is not null; in CI ({@code CI=true}) fails
   * it instead: there every packaging test must run.
   */
  static void requireOrSkip(String reason) {
    if (reason == null) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("cannot run in CI: " + reason);
    }
    System.err.println(
        "\n**********************************************************************\n"
            + "* WARNING: packaging test SKIPPED: "
            + reason
            + "\n**********************************************************************");
    org.junit.jupiter.api.Assumptions.abort(reason);
  }
}
