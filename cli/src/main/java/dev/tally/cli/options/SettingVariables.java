package dev.tally.cli.options;

import java.lang.reflect.AnnotatedElement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The environment variables behind the settings (README, "Running it"). An option declares its
 * variable as its default, {@code ${env:TALLY_PORT:-8080}}; this class reads those declarations
 * from the environment that {@code Main} was given, and treats an empty (or blank) variable as one
 * not set, as shells and systemd do: {@code TALLY_LOG_LEVEL=} in an environment file means "the
 * default", not an invalid level. It also says where a bad value came from, so that an error names
 * the variable an operator set rather than a flag nobody passed.
 */
public final class SettingVariables implements IDefaultValueProvider {

  private static final Pattern ENV_DEFAULT =
      Pattern.compile("^\\$\\{env:([A-Za-z0-9_]+)(?::-(.*))?}$", Pattern.DOTALL);

  private final Map<String, String> env;

  /**
   * @param env the process environment (tests give their own)
   */
  public SettingVariables(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * The option's value from its variable, else its fallback; picocli's {@code _NULL_} (no default)
   * when it has neither; null (picocli's own handling) for an option without a variable.
   */
  @Override
  public String defaultValue(ArgSpec arg) {
    Matcher declared = declared(arg);
    if (declared == null) {
      return null;
    }
    String value = env.get(declared.group(1));
    if (value != null && !value.isBlank()) {
      return value;
    }
    return declared.group(2) != null ? declared.group(2) : CommandLine.Option.NULL_VALUE;
  }

  /** The option's environment variable, or null if it has none. */
  public static String variableOf(ArgSpec arg) {
    Matcher declared = declared(arg);
    return declared == null ? null : declared.group(1);
  }

  /**
   * How an error names the option: {@code --pool-size} when it was given on the command line,
   * {@code TALLY_POOL_SIZE (for --pool-size)} when its value came from the variable.
   *
   * @param spec the command that has the option (a mixin's {@code MIXEE} spec)
   * @param option one of the option's names, such as {@code --pool-size}
   */
  public static String named(CommandSpec spec, String option) {
    OptionSpec found = spec.findOption(option);
    String variable = found == null ? null : variableOf(found);
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (variable == null || (parsed != null && parsed.hasMatchedOption(option))) {
      return option;
    }
    return variable + " (for " + option + ")";
  }

  /** The option's {@code ${env:...}} default as written: the spec gives it already resolved. */
  private static Matcher declared(ArgSpec arg) {
    if (!(arg.userObject() instanceof AnnotatedElement element)) {
      return null;
    }
    CommandLine.Option annotation = element.getAnnotation(CommandLine.Option.class);
    if (annotation == null) {
      return null;
    }
    Matcher declared = ENV_DEFAULT.matcher(annotation.defaultValue());
    return declared.matches() ? declared : null;
  }
}
