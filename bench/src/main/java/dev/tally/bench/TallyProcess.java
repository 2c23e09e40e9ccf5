package dev.tally.bench;

import dev.tally.server.store.DatabaseConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code tally serve} as operators run it: the shipped executable ({@code cli/target/tally.jar}) in
 * a JVM of its own with the given options (a heap bound), on loopback, its rate limits off (the
 * benchmark measures throughput, not the limiter). Its environment holds no {@code TALLY_*}
 * variable but the database's, so the flags are all that configure it. Its output (a log line per
 * request) is drained and only its ends kept, see {@link OutputTail}.
 */
final class TallyProcess implements AutoCloseable {

  private final Process process;
  private final OutputTail output;
  private final int port;
  private final long startMillis;

  private TallyProcess(Process process, OutputTail output, int port, long startMillis) {
    this.process = process;
    this.output = output;
    this.port = port;
    this.startMillis = startMillis;
  }

  /**
   * Starts the server on {@code database} and waits until {@code probePath} answers 200 to {@code
   * apiKey}, at most two minutes.
   *
   * @param jar the shaded executable jar
   * @param javaOptions options of its JVM, such as {@code -Xmx256m}
   * @throws IllegalStateException with the server's output when it exits or never answers
   */
  static TallyProcess start(
      Path jar, List<String> javaOptions, BenchDatabase db, String probePath, String apiKey)
      throws IOException, InterruptedException {
    DatabaseConfig database = db.config();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the executable "
              + jar
              + " is missing: build it with ./mvnw -o -B package -DskipTests -pl cli -am"
              + " (bin/benchmark does)");
    }
    int port = FreePorts.pick(1)[0];
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--rate-limit",
            "0",
            "--auth-failure-limit",
            "0"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("TALLY_"));
    if (database.isEmbedded()) {
      command.addAll(List.of("--data-dir", db.dataDirectory().toString()));
      builder.command(command);
    } else {
      // In the environment, not the command line, where other users' ps would show a password.
      env.put(DatabaseConfig.URL_ENV, database.jdbcUrl());
      if (database.user() != null) {
        env.put(DatabaseConfig.USER_ENV, database.user());
      }
      if (database.password() != null) {
        env.put(DatabaseConfig.PASSWORD_ENV, database.password());
      }
    }
    long started = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    ChildProcesses.stopOnExit(process);
    TallyProcess tally =
        new TallyProcess(
            process, OutputTail.of(process.getInputStream(), "tally-serve-output"), port, 0);
    long firstAnswer = tally.awaitFirstAnswer(probePath, apiKey, started);
    return new TallyProcess(process, tally.output, port, firstAnswer);
  }

  private long awaitFirstAnswer(String path, String apiKey, long started)
      throws InterruptedException, IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + apiKey)
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = started + TimeUnit.MINUTES.toNanos(2);
    try (HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500))
            .build()) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "tally serve exited with " + process.exitValue() + ":\n" + output.text());
        }
        try {
          HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (answer.statusCode() == 200) {
            return (System.nanoTime() - started) / 1_000_000;
          }
          throw new IllegalStateException(
              "tally serve answered GET "
                  + path
                  + " with "
                  + answer.statusCode()
                  + ": "
                  + answer.body());
        } catch (ConnectException | HttpTimeoutException notYet) {
          Thread.sleep(10);
        } catch (IOException closedWhileStarting) {
          Thread.sleep(10);
        }
      }
    }
    close();
    throw new IllegalStateException(
        "tally serve did not answer within two minutes:\n" + output.text());
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** Milliseconds from launching the JVM to the first 200 answer of the probe. */
  long startToFirstAnswerMillis() {
    return startMillis;
  }

  ProcessMemory memory() {
    return ProcessMemory.of(process.pid());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  String output() {
    return output.text();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the server with SIGTERM (a graceful stop), killing it after 30 s. */
  @Override
  public void close() throws InterruptedException {
    ChildProcesses.stop(process, 30);
    output.join(5_000);
  }
}
