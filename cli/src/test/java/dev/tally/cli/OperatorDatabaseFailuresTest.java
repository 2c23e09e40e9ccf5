package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.PriceBookFile;
import dev.tally.server.testing.Backend;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command that reads or administers an existing database refuses a data directory that holds
 * none, creating nothing, and says in one line with exit code 5 when a database cannot be reached
 * or refuses the connection. Only {@code serve} and {@code demo} make a new embedded database.
 */
class OperatorDatabaseFailuresTest {

  /** The commands that start a database's life: the only ones allowed to create one. */
  private static final Set<String> CREATING = Set.of("tally serve", "tally demo");

  @TempDir Path dir;
  private Path prices;
  private Path invoices;

  @BeforeEach
  void inputFiles() throws IOException {
    prices =
        Files.writeString(
            dir.resolve("prices.json"), PriceBookFile.toJson(PriceBookFile.defaultPriceBook()));
    invoices = Files.writeString(dir.resolve("invoices.json"), "[]");
  }

  /** One run of each command that works on an existing database, its arguments well formed. */
  private List<String[]> everyOperatorCommand() {
    return List.of(
        args("orgs", "create", "Acme", "--id", "acme"),
        args("orgs", "update", "acme", "--billing-name", "Acme Inc."),
        args("orgs", "show", "acme"),
        args("orgs", "list"),
        args("clusters", "create", "--org", "acme", "--name", "web"),
        args("clusters", "rename", "--org", "acme", "--id", "c1", "--name", "web2"),
        args("clusters", "list", "--org", "acme"),
        args("service-accounts", "create", "--org", "acme", "bot"),
        args("service-accounts", "list", "--org", "acme"),
        args("service-accounts", "grant", "sa1", "BILLING_COORDINATOR"),
        args("service-accounts", "revoke", "sa1", "BILLING_COORDINATOR"),
        args("api-keys", "create", "sa1"),
        args("api-keys", "revoke", "TALLY1_x_y"),
        args("api-keys", "list", "--org", "acme"),
        args("operator-keys", "create"),
        args("operator-keys", "revoke", "k1"),
        args("invoices", "import", "--org", "acme", invoices.toString()),
        args("invoices", "close", "--period", "2026-10"),
        args("invoices", "verify", "--no-progress"),
        args("prices", "load", prices.toString()),
        args("prices", "show"),
        args(
            "credits",
            "grant",
            "--org",
            "acme",
            "--amount",
            "5.00",
            "--starts",
            "2026-01",
            "--expires",
            "2027-01"),
        args("credits", "list", "--org", "acme"),
        args(
            "adjustments",
            "add",
            "--org",
            "acme",
            "--period",
            "2026-10",
            "--name",
            "x",
            "--amount",
            "1.00"));
  }

  private static String[] args(String... args) {
    return args;
  }

  private static String name(String[] args) {
    return "tally " + args[0] + (args.length > 1 && !args[1].startsWith("-") ? " " + args[1] : "");
  }

  @Test
  void theListAboveHoldsEveryCommandThatTakesADataDirectory() {
    Set<String> withDataDir = new TreeSet<>();
    collect(Main.everyCommand(CommandLine.defaultFactory()), withDataDir);
    withDataDir.removeAll(CREATING);
    Set<String> listed = new TreeSet<>();
    everyOperatorCommand().forEach(a -> listed.add(name(a)));
    assertThat(listed).isEqualTo(withDataDir);
  }

  private static void collect(CommandLine command, Set<String> names) {
    if (command.getCommandSpec().findOption("--data-dir") != null) {
      names.add(command.getCommandSpec().qualifiedName());
    }
    command.getSubcommands().values().forEach(sub -> collect(sub, names));
  }

  @Test
  void everyExitCodeListOfACommandThatOpensADatabaseNamesTheMissingAndTheUnreachableDatabase() {
    Set<String> withDataDir = new TreeSet<>();
    collect(Main.everyCommand(CommandLine.defaultFactory()), withDataDir);
    List<String> checked = new ArrayList<>();
    for (String name : withDataDir) {
      String[] path = name.replaceFirst("^tally ", "").split(" ");
      String help = CliRun.of(with(path, "--help")).out().replaceAll("\\s+", " ");
      if (help.contains("Exit codes:")) {
        String codes = help.substring(help.indexOf("Exit codes:"));
        assertThat(codes)
            .as(name + " --help")
            .contains("2 invalid input (or no Tally database in the data directory)")
            .contains("5 the database cannot be reached or refuses the connection");
        checked.add(name);
      }
    }
    assertThat(checked).contains("tally invoices verify", "tally orgs update");
  }

  @Test
  void everyOperatorCommandRefusesADataDirectoryWithoutADatabaseAndCreatesNothing()
      throws IOException {
    Path missing = dir.resolve("nonexist-dd");
    Path empty = Files.createDirectory(dir.resolve("empty-dd"));
    for (String[] command : everyOperatorCommand()) {
      for (Path dataDir : List.of(missing, empty)) {
        CliRun run = CliRun.of(with(command, "--data-dir", dataDir.toString()));
        assertRefused(run, name(command), dataDir);
        CliRun fromEnv = CliRun.withEnv(Map.of("TALLY_DATA_DIR", dataDir.toString()), command);
        assertRefused(fromEnv, name(command) + " with TALLY_DATA_DIR", dataDir);
      }
      assertThat(missing).as(name(command)).doesNotExist();
      try (Stream<Path> files = Files.list(empty)) {
        assertThat(files).as(name(command)).isEmpty();
      }
    }
  }

  private static void assertRefused(CliRun run, String what, Path dataDir) {
    assertThat(run.exitCode()).as(what + ": " + run.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.err())
        .as(what)
        .isEqualTo(
            "error: no Tally database in "
                + dataDir
                + "; start `tally serve --data-dir "
                + dataDir
                + "` or check the path\n");
    assertThat(run.out()).as(what).isEmpty();
  }

  @Test
  void aClosedPortIsExitCodeFiveNamingTheHostAndPortForEveryCommandThatOpensADatabase()
      throws IOException {
    int port = closedPort();
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/tally";
    List<String[]> commands = new ArrayList<>(everyOperatorCommand());
    commands.add(args("serve", "--port", "0"));
    commands.add(args("demo", "--port", "0"));
    for (String[] command : commands) {
      CliRun run = CliRun.of(with(command, "--database-url", url));
      assertOneLine(run, name(command));
      assertThat(run.err())
          .as(name(command))
          .isEqualTo(
              "error: cannot reach the database at 127.0.0.1:"
                  + port
                  + ": the connection was refused (is the database running, on that port?)\n");
    }
    CliRun fromEnv = CliRun.withEnv(Map.of("TALLY_DATABASE_URL", url), "orgs", "list");
    assertOneLine(fromEnv, "orgs list with TALLY_DATABASE_URL");
  }

  @Test
  void aSchemaThisBuildCannotServeIsExitCodeFiveInOneLineForServeAndTheCommands() throws Exception {
    Path dataDir = dir.resolve("refused");
    dev.tally.server.store.DatabaseConfig config =
        dev.tally.server.store.DatabaseConfig.embedded(dataDir);
    dev.tally.server.store.Database.open(config).close();
    try (var c =
            java.sql.DriverManager.getConnection(
                config.jdbcUrl(), config.user(), config.password());
        var s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '3'");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    for (String[] command :
        List.of(args("orgs", "list"), args("serve", "--port", "0"), args("demo", "--port", "0"))) {
      CliRun run = CliRun.of(with(command, "--data-dir", dataDir.toString()));
      assertOneLine(run, name(command));
      assertThat(run.err())
          .as(name(command))
          .startsWith("error: cannot migrate the database at ")
          .contains("checksum mismatch for migration version 3")
          .doesNotContain("rd.gt");
    }
  }

  @Test
  void anUnknownHostIsExitCodeFiveNamingTheHost() {
    CliRun run =
        CliRun.of(
            "invoices",
            "verify",
            "--database-url",
            "jdbc:postgresql://no-such-host.invalid/tally?user=tally&password=secret");
    assertOneLine(run, "verify");
    assertThat(run.err())
        .startsWith("error: cannot reach the database at no-such-host.invalid:5432: unknown host")
        .doesNotContain("secret");
  }

  @Test
  void aLoginOrDatabaseThePostgresServerRefusesIsExitCodeFiveInOneLine() {
    String postgres = System.getenv(Backend.POSTGRES_ENV);
    if ("true".equals(System.getenv("CI"))) {
      assertThat(postgres).as(Backend.POSTGRES_ENV + " in CI").isNotBlank();
    }
    Assumptions.assumeTrue(
        postgres != null && !postgres.isBlank(),
        Backend.POSTGRES_ENV + " is not set (bin/test starts a throwaway PostgreSQL)");
    String base =
        postgres.substring(
            0, postgres.indexOf('?') < 0 ? postgres.length() : postgres.indexOf('?'));
    String server = base.substring("jdbc:postgresql://".length(), base.lastIndexOf('/'));

    CliRun noSuchRole =
        CliRun.of("orgs", "list", "--database-url", base + "?user=no_such_role&password=wrong");
    assertOneLine(noSuchRole, "an unknown role");
    assertThat(noSuchRole.err())
        .startsWith("error: cannot reach the database at " + server + ": ")
        .containsAnyOf("the login was refused for user 'no_such_role'", "password was refused")
        .doesNotContain("wrong");

    String noSuchDatabase = base.substring(0, base.lastIndexOf('/')) + "/no_such_db?user=postgres";
    CliRun missing = CliRun.of("orgs", "list", "--database-url", noSuchDatabase);
    assertOneLine(missing, "an unknown database");
    assertThat(missing.err())
        .isEqualTo(
            "error: cannot reach the database at "
                + server
                + ": no such database (database \"no_such_db\" does not exist)\n");
  }

  private static void assertOneLine(CliRun run, String what) {
    assertThat(run.exitCode()).as(what + ": " + run.err()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
    assertThat(run.err().strip().lines()).as(what).hasSize(1);
    assertThat(run.err())
        .as(what)
        .startsWith("error: ")
        .doesNotContain("Exception")
        .doesNotContain("org.postgresql")
        .doesNotContain("\tat ");
  }

  private static String[] with(String[] command, String... more) {
    String[] all = Arrays.copyOf(command, command.length + more.length);
    System.arraycopy(more, 0, all, command.length, more.length);
    return all;
  }

  /** A loopback port nothing listens on: one just closed. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
