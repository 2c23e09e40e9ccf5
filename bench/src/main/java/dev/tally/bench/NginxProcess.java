package dev.tally.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's nginx serving Tally's answers as static files, the peer the serve benchmark compares
 * with: started in the foreground ({@code daemon off}) as a child process with a configuration of
 * its own in {@code dir} (pid file, logs and temporary paths there too, so no root is needed for
 * its ports above 1024), on loopback, and stopped by {@link #close()}.
 *
 * <p>Each site (a directory of files under {@code dir/www/<site>}) gets two listeners with the same
 * paths as Tally's: one serving the files as they are, or their precompressed {@code .gz} twin to a
 * client that accepts gzip ({@code gzip_static}); one compressing on the fly ({@code gzip on}, at
 * nginx's default level 1). {@code GET /api/v1/invoices} answers the site's {@code list.json};
 * {@code /api/v1/invoices/<id>} the file of that name. nginx is set up as a static file server is
 * when it is meant to be fast: both cores ({@code worker_processes auto}), {@code sendfile}, no
 * access log, and connections kept open for any number of requests (as Tally keeps them), so that
 * wrk's connections are not closed every 1,000 requests.
 */
final class NginxProcess implements AutoCloseable {

  static final String MISSING =
      "nginx is not installed: install Debian's package with apt-get install nginx-light";

  /** The nginx executable on the PATH or in /usr/sbin, or null when nginx is not installed. */
  static Path executable() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** A site's two ports. */
  record Ports(int precompressed, int onTheFly) {}

  private final Process process;
  private final Path dir;
  private final Map<String, Ports> sites;

  private NginxProcess(Process process, Path dir, Map<String, Ports> sites) {
    this.process = process;
    this.dir = dir;
    this.sites = sites;
  }

  /** The directory whose files site {@code site} serves: {@code dir/www/<site>}. */
  static Path root(Path dir, String site) {
    return dir.resolve("www").resolve(site);
  }

  /**
   * Starts nginx serving {@code sites} (their files already under {@link #root}), and waits until
   * every listener accepts connections.
   *
   * @throws IllegalStateException with nginx's log when it does not start
   */
  static NginxProcess start(Path dir, List<String> siteNames) throws Exception {
    Path nginx = executable();
    if (nginx == null) {
      throw new IllegalStateException(MISSING);
    }
    Map<String, Ports> sites = new LinkedHashMap<>();
    StringBuilder servers = new StringBuilder();
    int[] free = FreePorts.pick(2 * siteNames.size());
    for (int i = 0; i < siteNames.size(); i++) {
      String site = siteNames.get(i);
      Ports ports = new Ports(free[2 * i], free[2 * i + 1]);
      sites.put(site, ports);
      servers.append(server(ports.precompressed(), root(dir, site), "gzip_static on;"));
      servers.append(
          server(
              ports.onTheFly(),
              root(dir, site),
              "gzip on; gzip_types application/json; gzip_min_length 0;"));
    }
    String config =
        """
        worker_processes auto;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          sendfile on;
          tcp_nopush on;
          keepalive_requests 1000000000;
          keepalive_timeout 75s;
          types { }
          default_type application/json;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
        %2$s}
        """
            .formatted(dir, servers);
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, config);
    readableByWorkers(dir);
    Process process =
        new ProcessBuilder(
                nginx.toString(),
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
    ChildProcesses.stopOnExit(process);
    NginxProcess started = new NginxProcess(process, dir, sites);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Ports ports : sites.values()) {
      for (int port : List.of(ports.precompressed(), ports.onTheFly())) {
        while (!accepts(port)) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            started.close();
            throw new IllegalStateException("nginx did not start:\n" + started.log());
          }
          Thread.sleep(20);
        }
      }
    }
    return started;
  }

  private static String server(int port, Path root, String gzip) {
    return """
          server {
            listen 127.0.0.1:%d;
            root %s;
            %s
            location = /api/v1/invoices { try_files /list.json =404; }
          }
        """
        .formatted(port, root, gzip);
  }

  /**
   * Run as root, nginx's workers run as nobody: they must be able to read the files. The temporary
   * directory is private to its owner until this opens it.
   */
  private static void readableByWorkers(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  Ports ports(String site) {
    return sites.get(site);
  }

  long pid() {
    return process.pid();
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
    ChildProcesses.stop(process, 10);
  }
}
