package dev.tally.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx as a reverse proxy on loopback, for tests of several Tally instances: a generated
 * configuration in a directory of the test's own, run in the foreground ({@code daemon off}) as a
 * child process, and stopped by {@link #close()}.
 *
 * <p>Each listener proxies to one upstream group (name to instance ports) and names the instance
 * that answered in an {@code X-Upstream} header. Request bodies are kept in memory, so the worker
 * processes never need a file of the test's directory.
 */
final class Nginx implements AutoCloseable {

  /** The nginx executable, or null when nginx is not installed. */
  static Path executable() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private final Process process;
  private final Path dir;

  private Nginx(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /**
   * Starts nginx in {@code dir} with one listener per entry of {@code listeners}: the nginx port
   * mapped to the ports of the Tally instances behind it (round-robin; an instance that fails is
   * left out for 5 s). Waits until every listener accepts connections.
   */
  static Nginx start(Path dir, Map<Integer, List<Integer>> listeners) throws Exception {
    Files.createDirectories(dir);
    StringBuilder http = new StringBuilder();
    for (Map.Entry<Integer, List<Integer>> listener : listeners.entrySet()) {
      int port = listener.getKey();
      http.append("  upstream tally_")
          .append(port)
          .append(" {\n")
          .append(
              listener.getValue().stream()
                  .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;\n")
                  .collect(Collectors.joining()))
          .append("    keepalive 16;\n  }\n")
          .append("  server {\n    listen 127.0.0.1:")
          .append(port)
          .append(";\n    location / {\n      proxy_pass http://tally_")
          .append(port)
          .append(";\n      add_header X-Upstream $upstream_addr always;\n    }\n  }\n");
    }
    String config =
        """
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 512; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          client_max_body_size 64m;
          client_body_buffer_size 64m;
          proxy_buffering off;
          proxy_http_version 1.1;
          proxy_set_header Connection "";
          proxy_read_timeout 120s;
        %2$s}
        """
            .formatted(dir, http);
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, config);
    Process process =
        new ProcessBuilder(
                executable().toString(),
                "-p",
                dir.toString(),
                "-e",
                dir.resolve("error.log").toString(),
                "-c",
                file.toString(),
                "-g",
                "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    Nginx nginx = new Nginx(process, dir);
    Instant deadline = Instant.now().plusSeconds(30);
    for (int port : listeners.keySet()) {
      while (!accepts(port)) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          nginx.close();
          throw new IllegalStateException("nginx did not start:\n" + nginx.log());
        }
        Thread.sleep(50);
      }
    }
    return nginx;
  }

  String log() throws IOException {
    Path out = dir.resolve("nginx.out");
    Path error = dir.resolve("error.log");
    return (Files.exists(out) ? Files.readString(out) : "")
        + (Files.exists(error) ? Files.readString(error) : "");
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops nginx (SIGTERM: a fast shutdown of the master and its workers). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
