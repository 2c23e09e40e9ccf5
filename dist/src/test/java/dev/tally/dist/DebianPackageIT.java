package dev.tally.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package, as an operator uses it: {@code dpkg -i} installs the command, the unit and
 * the {@code tally} system user; the installed {@code tally} creates an API key and serves as that
 * user; the Billing API answers with the key; {@code dpkg --purge} leaves nothing behind. Needs
 * root and dpkg: elsewhere it is skipped loudly, and in CI it fails.
 *
 * <p>The package depends on a Debian-packaged Java runtime of 21 or newer. Where the runtime was
 * installed outside dpkg (as on Tally's CI machine, whose JDK 25 is unpacked under /usr/lib/jvm),
 * dpkg cannot see it, so the test installs with {@code --force-depends} and the launcher finds the
 * runtime itself.
 */
class DebianPackageIT {

  private static final String VERSION = System.getProperty("tally.version");
  private static final List<String> INSTALLED =
      List.of(
          "/usr/bin/tally",
          "/usr/share/tally/bin/tally",
          "/usr/share/tally/lib/tally.jar",
          "/usr/lib/systemd/system/tally.service",
          "/etc/tally/tally.env",
          "/usr/share/doc/tally/copyright",
          "/usr/share/doc/tally/CHANGELOG.md");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  @Test
  void installServeReadAnInvoiceAndPurge() throws Exception {
    Commands.requireOrSkip(prerequisiteMissing());
    Path deb =
        Path.of(System.getProperty("tally.deb.dir"), "tally_" + debianVersion() + "_all.deb");
    assertThat(deb).isRegularFile();
    purgeIfInstalled(); // a run that was cut short may have left it
    try {
      Commands.run(List.of("dpkg", "--force-depends", "-i", deb.toString())).requireSuccess();

      assertThat(
              Commands.run(List.of("dpkg-query", "-W", "-f=${Status} ${Version}", "tally"))
                  .output())
          .isEqualTo("install ok installed " + debianVersion());
      for (String file : INSTALLED) {
        assertThat(Path.of(file)).as(file).exists();
      }
      assertThat(Files.readSymbolicLink(Path.of("/usr/bin/tally")).toString())
          .isEqualTo("../share/tally/bin/tally");
      String passwd = Commands.run(List.of("getent", "passwd", "tally")).requireSuccess().output();
      String[] fields = passwd.strip().split(":");
      assertThat(Integer.parseInt(fields[2])).as("a system uid").isLessThan(1000);
      assertThat(fields[5]).isEqualTo("/var/lib/tally");
      assertThat(fields[6]).isEqualTo("/usr/sbin/nologin");
      assertThat(Files.getOwner(Path.of("/var/lib/tally")).getName()).isEqualTo("tally");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(Path.of("/var/lib/tally"))))
          .isEqualTo("rwxr-x---");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(Path.of("/etc/tally/tally.env"))))
          .isEqualTo("rw-r-----");
      assertThat(
              Files.readAttributes(
                      Path.of("/etc/tally/tally.env"),
                      java.nio.file.attribute.PosixFileAttributes.class,
                      LinkOption.NOFOLLOW_LINKS)
                  .group()
                  .getName())
          .isEqualTo("tally");
      verifyUnitWhereSystemdCan();

      assertThat(asTally("--version").requireSuccess().output())
          .isEqualTo("tally " + VERSION + "\n");
      Path data = Files.createDirectory(dir.resolve("data"));
      Commands.run(List.of("chown", "tally:tally", dir.toString(), data.toString()))
          .requireSuccess();
      String dataDir = data.toString();
      // Operator commands refuse a data directory without a database: the service makes it.
      assertThat(asTally("orgs", "list", "--data-dir", dataDir).exitCode()).isEqualTo(2);

      int port = freePort();
      ProcessBuilder serve =
          new ProcessBuilder(
                  asTallyCommand("serve", "--port", String.valueOf(port), "--data-dir", dataDir))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile());
      serve.environment().clear();
      serve.environment().putAll(serviceEnvironment());
      Process server = serve.start();
      try {
        awaitHealthy(server, port);
        assertThat(server.info().user()).hasValue("tally");
        asTally("orgs", "create", "Acme Installed", "--id", "acme", "--data-dir", dataDir)
            .requireSuccess();
        // The operator's way: keys made with the installed command while the service runs.
        String account =
            asTally(
                    "service-accounts",
                    "create",
                    "--org",
                    "acme",
                    "billing-bot",
                    "--data-dir",
                    dataDir)
                .requireSuccess()
                .lastLine();
        asTally("service-accounts", "grant", account, "BILLING_COORDINATOR", "--data-dir", dataDir)
            .requireSuccess();
        String key =
            asTally("api-keys", "create", account, "--data-dir", dataDir)
                .requireSuccess()
                .lastLine();
        assertThat(key).startsWith("TALLY1_");

        String month = YearMonth.now(ZoneOffset.UTC).toString();
        HttpResponse<String> list = get(port, "/api/v1/invoices", key);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains("\"inv_acme_" + month + "\"", "\"DRAFT\"");
        HttpResponse<String> one = get(port, "/api/v1/invoices/inv_acme_" + month, key);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(one.body())
            .contains("\"invoice_id\":\"inv_acme_" + month + "\"", "\"status\":\"DRAFT\"");
        assertThat(get(port, "/api/v1/invoices", "TALLY1_not-a-key").statusCode()).isEqualTo(401);
      } finally {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor();
        }
      }
      try (Stream<Path> files = Files.list(data)) {
        for (Path file : files.toList()) {
          assertThat(Files.getOwner(file).getName()).as(file.toString()).isEqualTo("tally");
        }
      }

      Commands.Result purge = Commands.run(List.of("dpkg", "--purge", "tally")).requireSuccess();
      assertThat(purge.output()).doesNotContain("warning", "error");
      assertThat(Commands.run(List.of("dpkg-query", "-W", "tally")).output())
          .doesNotContain("\tinstalled");
      for (String file : INSTALLED) {
        assertThat(Path.of(file)).as(file).doesNotExist();
      }
      assertThat(Path.of("/usr/share/tally")).doesNotExist();
      assertThat(Path.of("/etc/tally")).doesNotExist();
      assertThat(Path.of("/var/lib/tally")).doesNotExist();
      assertThat(Commands.run(List.of("getent", "passwd", "tally")).exitCode())
          .as("the tally user is gone")
          .isEqualTo(2);
      assertThat(Commands.run(List.of("getent", "group", "tally")).exitCode())
          .as("the tally group is gone")
          .isEqualTo(2);
    } finally {
      purgeIfInstalled();
    }
  }

  /** Why the test cannot run here, or null. */
  private static String prerequisiteMissing() throws Exception {
    if (!Commands.onPath("dpkg") || !Commands.onPath("dpkg-query")) {
      return "dpkg is not installed";
    }
    if (!Commands.run(List.of("id", "-u")).output().strip().equals("0")) {
      return "installing a Debian package needs root";
    }
    if (!Commands.onPath("setpriv")) {
      return "setpriv (util-linux) is not installed";
    }
    return null;
  }

  /**
   * The Debian spelling of the Maven version: 0.1.0-SNAPSHOT sorts before 0.1.0 as 0.1.0~SNAPSHOT.
   */
  private static String debianVersion() {
    return VERSION.replace("-SNAPSHOT", "~SNAPSHOT");
  }

  private static void purgeIfInstalled() throws Exception {
    if (Commands.run(List.of("dpkg-query", "-W", "tally")).exitCode() == 0) {
      Commands.run(List.of("dpkg", "--purge", "tally")).requireSuccess();
    }
  }

  /** systemd's own check of the unit, where systemd-analyze runs (containers often lack it). */
  private void verifyUnitWhereSystemdCan() throws Exception {
    if (!Commands.onPath("systemd-analyze")) {
      System.err.println(
          "note: systemd-analyze is not installed; tally.service not verified by it");
      return;
    }
    Commands.Result verify =
        Commands.run(List.of("systemd-analyze", "verify", "/usr/lib/systemd/system/tally.service"));
    System.err.println(
        "systemd-analyze verify tally.service: exit " + verify.exitCode() + "\n" + verify.output());
    assertThat(verify.output()).doesNotContain("tally.service:");
  }

  /** The installed command as the tally user, with the environment systemd would give it. */
  private Commands.Result asTally(String... args) throws IOException, InterruptedException {
    return Commands.run(asTallyCommand(args), serviceEnvironment());
  }

  private static List<String> asTallyCommand(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=tally",
                "--regid=tally",
                "--init-groups",
                "--",
                "/usr/bin/tally"));
    command.addAll(List.of(args));
    return command;
  }

  /** No JAVA_HOME, a system PATH: the launcher must find a runtime of 21 or newer by itself. */
  private Map<String, String> serviceEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOME", "/var/lib/tally");
    env.put("LANG", "C.UTF-8");
    return env;
  }

  private void awaitHealthy(Process server, int port) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline) && server.isAlive()) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError(
        "the installed tally did not serve: " + Files.readString(dir.resolve("server.log")));
  }

  private HttpResponse<String> get(int port, String path, String key) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + key)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
