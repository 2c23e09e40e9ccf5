package dev.tally.cli;

import dev.tally.server.Failure;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tally} executable. */
@Command(name = "tally", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Tally: self-hostable usage billing with a CockroachDB Cloud compatible Billing API.",
    subcommands = {ServeCommand.class, DemoCommand.class, OrgsCommand.class, ClustersCommand.class,
        ServiceAccountsCommand.class, ApiKeysCommand.class, InvoicesCommand.class,
        AutoComplete.GenerateCompletion.class})
public final class Main {

  public static void main(String[] args) {
    boolean serving = args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
    System.setProperty("tally.log.level", serving ? "INFO" : "WARN");
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line and returns its exit code; for tests and embedding. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (debug) {
        e.printStackTrace(err);
      }
      err.println("error: " + describe(e));
      err.flush();
      return e instanceof Failure f ? ExitCode.of(f.code()) : ExitCode.FAILURE;
    });
    return cli.execute(rest);
  }

  private static String describe(Exception e) {
    if (e instanceof Failure f) {
      return f.getMessage();
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"tally " + (version == null ? "development build" : version)};
    }
  }
}
