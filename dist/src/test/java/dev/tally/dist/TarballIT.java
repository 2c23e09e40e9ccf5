package dev.tally.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .tar.gz unpacks to what an operator installs by hand, and its {@code bin/tally} runs the jar
 * from wherever it is unpacked or linked, on a runtime it finds itself.
 */
class TarballIT {

  private static final String VERSION = System.getProperty("tally.version");

  @TempDir Path dir;

  @Test
  void theTarballHoldsTheLauncherTheJarTheUnitAndTheDocuments() throws Exception {
    Path home = unpack();
    assertThat(home.resolve("bin/tally")).isExecutable();
    assertThat(home.resolve("lib/tally.jar")).isRegularFile();
    assertThat(Files.readString(home.resolve("systemd/tally.service")))
        .contains("User=tally", "EnvironmentFile=-/etc/tally/tally.env", "Restart=on-failure")
        .contains("ExecStart=/usr/bin/tally serve", "StateDirectory=tally")
        // The database is chosen in tally.env alone: a data directory set here as well would make
        // a URL set there a conflict, and tally refuses to start on one.
        .doesNotContain("Environment=TALLY_DATA_DIR", "Environment=TALLY_DATABASE_URL");
    assertThat(Files.readAllLines(home.resolve("systemd/tally.env")))
        .contains(
            "TALLY_DATA_DIR=/var/lib/tally",
            "#TALLY_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/tally");
    assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License");
    assertThat(Files.readString(home.resolve("CHANGELOG.md"))).contains("## [Unreleased]");
    assertThat(home.resolve("README.md")).isRegularFile();
  }

  @Test
  void theLauncherPrintsTheVersionFromTheJarsManifest() throws Exception {
    Path home = unpack();
    assertThat(Commands.run(List.of(home.resolve("bin/tally").toString(), "--version")).output())
        .isEqualTo("tally " + VERSION + "\n");
  }

  @Test
  void theLauncherFindsItsJarThroughASymlinkAndARuntimeWithoutJavaHome() throws Exception {
    Path home = unpack();
    Path link = Files.createDirectories(dir.resolve("usr-bin")).resolve("tally");
    Files.createSymbolicLink(link, home.resolve("bin/tally"));
    // No JAVA_HOME, and a PATH whose `java` (if any) may be too old: the launcher looks in
    // /usr/lib/jvm, as it does under systemd.
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", dir.toString());
    Commands.Result result = Commands.run(List.of(link.toString(), "--version"), env);
    assertThat(result.output()).isEqualTo("tally " + VERSION + "\n");
  }

  @Test
  void aJavaHomeThatIsTooOldIsPassedOverAndAMissingJarIsOneClearLine() throws Exception {
    Path home = unpack();
    Path old = Files.createDirectories(dir.resolve("old-jdk/bin"));
    Files.writeString(dir.resolve("old-jdk/release"), "JAVA_VERSION=\"17.0.2\"\n");
    Path fakeJava = old.resolve("java");
    Files.writeString(fakeJava, "#!/bin/sh\necho this runtime must not run >&2\nexit 99\n");
    fakeJava.toFile().setExecutable(true);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JAVA_HOME", dir.resolve("old-jdk").toString());
    assertThat(
            Commands.run(List.of(home.resolve("bin/tally").toString(), "--version"), env).output())
        .isEqualTo("tally " + VERSION + "\n");

    Files.delete(home.resolve("lib/tally.jar"));
    Commands.Result broken = Commands.run(List.of(home.resolve("bin/tally").toString(), "--help"));
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.output())
        .isEqualTo(
            "error: cannot read "
                + home.resolve("lib/tally.jar")
                + " (is the installation"
                + " complete?)\n");
  }

  /**
   * The heap the launcher gives the JVM (README, "Memory and start-up"), as the JVM itself reports
   * it: 256 MiB at most, starting at 64 MiB, unless {@code TALLY_JAVA_OPTS} says otherwise; the JVM
   * takes the last minimum and initial sizes given, and the larger of them, if above the bound,
   * raises the bound.
   */
  @Test
  void theLauncherBoundsTheHeapUnlessTheOptionsSetItAndTheLastInitialSizeDecides()
      throws Exception {
    Path home = unpack();
    String mib = "1048576";
    assertThat(heap(home, "")).containsExactly(64 + "*" + mib, 256 + "*" + mib);
    assertThat(heap(home, "-Xms32m")).containsExactly(32 + "*" + mib, 256 + "*" + mib);
    assertThat(heap(home, "-Xms1g")).containsExactly(1024 + "*" + mib, 1024 + "*" + mib);
    assertThat(heap(home, "-Xms2g -Xms128m")).containsExactly(128 + "*" + mib, 256 + "*" + mib);
    assertThat(heap(home, "-Xmx512m").get(1)).isEqualTo(512 + "*" + mib);
    // -Xms sets the minimum too, which a later initial size leaves: the bound is the larger.
    assertThat(heap(home, "-Xms512m -XX:MinHeapSize=100m").get(1)).isEqualTo(512 + "*" + mib);
    assertThat(heap(home, "-XX:MinHeapSize=300m").get(1)).isEqualTo(300 + "*" + mib);
    assertThat(heap(home, "-XX:InitialHeapSize=0x20000000"))
        .containsExactly(512 + "*" + mib, 512 + "*" + mib);
    // Sizes as the JVM reads them: leading zeros are decimal, hexadecimal takes a unit.
    assertThat(heap(home, "-Xms0900m")).containsExactly(900 + "*" + mib, 900 + "*" + mib);
    assertThat(heap(home, "-Xms0x10M")).containsExactly(16 + "*" + mib, 256 + "*" + mib);
    // Options the launcher cannot read leave the heap to the JVM rather than refuse to start.
    Path argfile = Files.writeString(dir.resolve("heap.args"), "-Xms512m\n");
    assertThat(heap(home, "@" + argfile).getFirst()).isEqualTo(512 + "*" + mib);
  }

  /**
   * A server archive is kept only beside the mark a serving start leaves ({@code
   * cli.StartUpArchive}): one without it, such as {@code serve --help} leaves, is made again; one
   * with it is used as it is.
   */
  @Test
  void theLauncherKeepsAServerArchiveOnlyBesideTheMarkOfAServingStart() throws Exception {
    Path home = unpack();
    Path cache = Files.createDirectories(dir.resolve("cds"));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("TALLY_CDS_DIR", cache.toString());
    List<String> help = List.of(home.resolve("bin/tally").toString(), "serve", "--help");

    Commands.run(help, env).requireSuccess();
    Path archive = only(cache, ".jsa");
    assertThat(archive.resolveSibling(archive.getFileName() + ".served")).doesNotExist();
    Files.writeString(archive, "not an archive of a serving start");
    Commands.run(help, env).requireSuccess();
    assertThat(Files.readAllBytes(archive))
        .as("made again")
        .isNotEqualTo("not an archive of a serving start".getBytes());

    // As a serving start leaves it: the archive is then used, not made again.
    Files.writeString(archive.resolveSibling(archive.getFileName() + ".served"), "");
    byte[] kept = Files.readAllBytes(archive);
    java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(archive);
    Commands.run(help, env).requireSuccess();
    assertThat(Files.getLastModifiedTime(archive)).isEqualTo(written);
    assertThat(Files.readAllBytes(archive)).isEqualTo(kept);
  }

  private static Path only(Path directory, String suffix) throws Exception {
    try (var files = Files.list(directory)) {
      List<Path> found = files.filter(f -> f.toString().endsWith(suffix)).toList();
      assertThat(found).hasSize(1);
      return found.getFirst();
    }
  }

  /** The initial and maximum heap, in MiB times 1 MiB, that {@code options} leave the JVM. */
  private static List<String> heap(Path home, String options) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("TALLY_JAVA_OPTS", options + " -XX:+PrintCommandLineFlags");
    String flags =
        Commands.run(List.of(home.resolve("bin/tally").toString(), "--version"), env).output();
    return List.of(mebibytes(flags, "InitialHeapSize"), mebibytes(flags, "MaxHeapSize"));
  }

  private static String mebibytes(String flags, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("-XX:" + name + "=([0-9]+)").matcher(flags);
    assertThat(m.find()).as("%s in %s", name, flags).isTrue();
    long bytes = Long.parseLong(m.group(1));
    return bytes % 1048576 == 0 ? (bytes / 1048576) + "*1048576" : Long.toString(bytes);
  }

  private Path unpack() throws Exception {
    Commands.run(List.of("tar", "-xzf", System.getProperty("tally.tarball"), "-C", dir.toString()))
        .requireSuccess();
    return dir.resolve("tally-" + VERSION);
  }
}
