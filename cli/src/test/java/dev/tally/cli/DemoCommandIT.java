package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tally demo}, as a separate process of the real jar: it listens where {@code TALLY_HOST}
 * says, and prints the web console's URL beside the keys.
 */
class DemoCommandIT {

  @TempDir Path dir;

  @Test
  void theDemoListensOnTallyHost() throws Exception {
    // The port is taken on 127.0.0.2 only: a demo that ignored TALLY_HOST would take 127.0.0.1 and
    // serve.
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"))) {
      int port = taken.getLocalPort();
      Path data = dir.resolve("data");
      Path err = dir.resolve("err.txt");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-D" + StartUpArchive.PROPERTY + "=" + dir.resolve("served"),
                      "-jar",
                      System.getProperty("tally.jar"),
                      "demo",
                      "--port",
                      String.valueOf(port),
                      "--data-dir",
                      data.toString()))
              .redirectError(err.toFile())
              .redirectOutput(dir.resolve("out.txt").toFile());
      builder.environment().put("TALLY_HOST", "127.0.0.2");
      Process demo = builder.start();
      try {
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo ended on its own").isTrue();
        assertThat(demo.exitValue()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
        assertThat(Files.readString(err))
            .startsWith("error: cannot listen on 127.0.0.2:" + port + ": ")
            .hasLineCount(1);
        assertThat(dir.resolve("served"))
            .as("no mark for a start that did not serve (StartUpArchive)")
            .doesNotExist();
      } finally {
        demo.destroyForcibly();
      }
    }
  }

  @Test
  void theDemoPrintsTheConsolesUrlBesideTheKeysAndServesIt() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    Path out = dir.resolve("out.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process demo =
        new ProcessBuilder(
                List.of(
                    java,
                    "-D" + StartUpArchive.PROPERTY + "=" + dir.resolve("served"),
                    "-jar",
                    System.getProperty("tally.jar"),
                    "demo",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    String.valueOf(port),
                    "--data-dir",
                    dir.resolve("data").toString()))
            .redirectError(dir.resolve("err.txt").toFile())
            .redirectOutput(out.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!Files.readString(out).contains("Press Ctrl-C") && System.nanoTime() < deadline) {
        assertThat(demo.isAlive()).as("the demo is running").isTrue();
        Thread.sleep(250);
      }
      String printed = Files.readString(out);
      String console = "http://127.0.0.1:" + port + "/console/";
      assertThat(printed).contains("Web console: " + console);
      assertThat(printed.indexOf("Web console: "))
          .as("the console comes before the keys to sign in with")
          .isLessThan(printed.indexOf("Demo API keys"));
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(console)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<title>Tally billing console</title>");
      assertThat(dir.resolve("served"))
          .as("the mark a serving start leaves for its class-data archive (StartUpArchive)")
          .exists();
    } finally {
      demo.destroyForcibly();
      demo.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
