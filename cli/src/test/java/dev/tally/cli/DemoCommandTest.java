package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally demo} makes sure it can listen before it spends many seconds seeding. */
class DemoCommandTest {

  @TempDir Path dir;

  @Test
  void aPortInUseFailsAtOnceOnOneLineWithoutSeeding() throws Exception {
    Path data = dir.resolve("data");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      CliRun demo =
          CliRun.of(
              "demo",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(port),
              "--data-dir",
              data.toString());

      assertThat(demo.exitCode()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
      assertThat(demo.err())
          .isEqualTo(
              "error: cannot listen on 127.0.0.1:"
                  + port
                  + ": the port is in use (is another server running there? pass --port or set TALLY_PORT)\n");
      assertThat(demo.out()).isEmpty();
      assertThat(data).as("nothing was seeded").doesNotExist();
    }
  }
}
