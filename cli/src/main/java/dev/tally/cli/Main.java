package dev.tally.cli;

import dev.tally.cli.options.ServerOptions;
import dev.tally.cli.options.SettingVariables;
import dev.tally.cli.options.WholeNumberConverter;
import dev.tally.cli.usage.Terminal;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tally} executable. */
@Command(
    name = "tally",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Tally: self-hostable usage billing with a CockroachDB Cloud compatible Billing API.")
// Subcommands are added by run(): see COMMANDS.
public final class Main {

  /**
   * Every subcommand, by name, in the order help lists them. Picocli reflects over a command's
   * classes when it is added (about 0.4 s for all of them, and picocli's Java 5 classes cannot be
   * kept in a class-data archive), so a command line that names one is given only that one; the
   * rest are added only for help, completion and unknown names.
   */
  private static final Map<String, Class<?>> COMMANDS = commands();

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    for (Class<?> type :
        List.of(
            ServeCommand.class,
            DemoCommand.class,
            OrgsCommand.class,
            ClustersCommand.class,
            ServiceAccountsCommand.class,
            ApiKeysCommand.class,
            InvoicesCommand.class,
            UsageCommand.class,
            PricesCommand.class,
            CreditsCommand.class,
            AdjustmentsCommand.class,
            OperatorKeysCommand.class,
            AutoComplete.GenerateCompletion.class)) {
      commands.put(type.getAnnotation(Command.class).name(), type);
    }
    return Collections.unmodifiableMap(commands);
  }

  public static void main(String[] args) {
    boolean serving = args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
    LogSetup.preset(
        System.getenv(LogSetup.FORMAT_ENV),
        System.getenv(LogSetup.LEVEL_ENV),
        serving ? ServerOptions.LogLevel.INFO : ServerOptions.LogLevel.WARN);
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, out, err);
    // Commands may end with print rather than println; exit does not flush the writers.
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code; for tests and embedding. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, System.getenv(), out, err);
  }

  /**
   * Runs one command line with {@code env} standing for the environment variables that the Billing
   * API commands read ({@code TALLY_URL}, {@code TALLY_API_KEY}), and returns its exit code.
   */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return run(args, env, new BinaryOutput(System.out, Terminal.isInteractive(env)), out, err);
  }

  /**
   * As {@link #run(String[], Map, PrintWriter, PrintWriter)}, writing bytes that are not text (an
   * invoice PDF) to {@code binary}; {@code out} is flushed before any is written.
   */
  static int run(
      String[] args,
      Map<String, String> env,
      BinaryOutput binary,
      PrintWriter out,
      PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    EnvironmentFactory factory = new EnvironmentFactory(env, binary);
    Class<?> named = rest.length == 0 ? null : COMMANDS.get(rest[0]);
    // The completion script is made from the whole tree, so it needs every command.
    CommandLine cli =
        named != null && named != AutoComplete.GenerateCompletion.class
            ? new CommandLine(new Main(), factory).addSubcommand(new CommandLine(named, factory))
            : everyCommand(factory);
    // Settings reach the subcommands present when they are set: keep them after the additions.
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    everyCommandKnowsTheVersion(cli);
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    cli.setDefaultValueProvider(new SettingVariables(env));
    cli.registerConverter(Integer.class, new WholeNumberConverter());
    cli.registerConverter(Integer.TYPE, new WholeNumberConverter());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (debug) {
            e.printStackTrace(err);
          }
          err.println("error: " + ErrorReport.message(e));
          err.flush();
          return ErrorReport.exitCode(e);
        });
    return cli.execute(rest);
  }

  /** The whole command tree, every subcommand added: what help and completion show. */
  static CommandLine everyCommand(CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new Main(), factory);
    COMMANDS.values().forEach(type -> cli.addSubcommand(new CommandLine(type, factory)));
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    return cli;
  }

  /** {@code tally serve --version} prints what {@code tally --version} does, not nothing. */
  private static void everyCommandKnowsTheVersion(CommandLine command) {
    command.getCommandSpec().versionProvider(new Version());
    command.getSubcommands().values().forEach(Main::everyCommandKnowsTheVersion);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"tally " + (version == null ? "development build" : version)};
    }
  }
}
