package dev.tally.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, made with initdb and run with pg_ctl as bin/pg-throwaway
 * does (as the {@code postgres} user when the tests run as root), so that the test can stop and
 * start it. {@link #find} is empty where PostgreSQL is not installed.
 */
public final class ThrowawayPostgres implements AutoCloseable {

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private ThrowawayPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The newest installed PostgreSQL's programs, if any. */
  public static Optional<Path> find() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(Path::toString));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Creates and starts a server on a free loopback port. */
  public static ThrowawayPostgres start(Path bin) throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("tally-outage-pg");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, port, root);
    if (root) {
      run(List.of("chown", "postgres", dir.toString()));
    }
    pg.runAs(
        bin.resolve("initdb").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "--no-sync",
        "-E",
        "UTF8");
    pg.start();
    return pg;
  }

  public String adminUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** Starts the stopped server and waits until it accepts connections. */
  public void start() throws Exception {
    runAs(
        bin.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-h 127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off -c full_page_writes=off",
        "start");
  }

  /** Stops the server at once, as a crash or a lost network would (open connections break). */
  public void stop() throws Exception {
    runAs(
        bin.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-m",
        "immediate",
        "-w",
        "stop");
  }

  private void runAs(String... command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    run(full);
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } catch (RuntimeException alreadyStopped) {
      // nothing to stop
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
