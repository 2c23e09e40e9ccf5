package dev.tally.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator: Debian's wrk, run once per measurement with a fixed number of connections
 * (each sends its next request as soon as the last is answered) for a fixed time, with {@code
 * --latency} for the percentiles. A request timed out after {@code timeout} counts as a socket
 * error.
 */
final class Wrk {

  static final String MISSING =
      "wrk is not installed: install Debian's package with apt-get install wrk";

  /** The wrk executable on the PATH, or null when it is not installed. */
  static Path executable() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "wrk");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * How hard and how long.
   *
   * @param connections connections kept open, each with one request in flight
   * @param threads wrk's threads (at most {@code connections})
   */
  record Load(int connections, int threads, Duration duration, Duration timeout) {}

  private final Path executable;

  Wrk(Path executable) {
    this.executable = executable;
  }

  /** Loads {@code uri} with GET requests carrying {@code headers}. */
  WrkResult run(URI uri, Map<String, String> headers, Load load)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.add("--threads");
    command.add(Integer.toString(Math.min(load.threads(), load.connections())));
    command.add("--connections");
    command.add(Integer.toString(load.connections()));
    command.add("--duration");
    command.add(seconds(load.duration()));
    command.add("--timeout");
    command.add(seconds(load.timeout()));
    command.add("--latency");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      command.add("--header");
      command.add(header.getKey() + ": " + header.getValue());
    }
    command.add(uri.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(load.duration().toSeconds() + 60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("wrk did not end:\n" + output);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("wrk failed (" + process.exitValue() + "):\n" + output);
    }
    return WrkResult.parse(output);
  }

  /** wrk takes whole seconds ("15s"); a fraction is rounded up to one. */
  private static String seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000) + "s";
  }
}
