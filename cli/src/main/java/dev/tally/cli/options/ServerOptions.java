package dev.tally.cli.options;

import dev.tally.server.App;
import dev.tally.server.http.HttpLimits;
import dev.tally.server.store.PoolSettings;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The server's settings beyond address and port, each a flag with an environment variable as its
 * default (the README's "Running it" table lists them all). {@link #validate} checks the ranges, so
 * a bad setting stops the start with one line.
 */
public final class ServerOptions {

  /** An on/off switch. */
  public enum Switch {
    ON,
    OFF
  }

  /** The log line formats. */
  public enum LogFormat {
    TEXT,
    JSON
  }

  /** Log levels, from the most verbose. */
  public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    OFF
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--grace-period",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "${env:TALLY_GRACE_PERIOD:-24h}",
      description =
          "How long after a month ends it is closed automatically (default: $TALLY_GRACE_PERIOD,"
              + " else 24h).")
  Duration grace;

  @Option(
      names = "--close-interval",
      paramLabel = "DURATION|off",
      defaultValue = "${env:TALLY_CLOSE_INTERVAL:-1m}",
      description =
          "How often to look for months to close; off turns the automatic close off"
              + " (default: $TALLY_CLOSE_INTERVAL, else 1m).")
  String closeInterval;

  @Option(
      names = "--pool-size",
      paramLabel = "N",
      defaultValue = "${env:TALLY_POOL_SIZE}",
      description =
          "Most database connections open at once, 1 to 1000 (default: $TALLY_POOL_SIZE, else 16;"
              + " 8 embedded).")
  Integer poolSize;

  @Option(
      names = "--database-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "${env:TALLY_DATABASE_TIMEOUT}",
      description =
          "How long a request waits for a database connection before it is answered 503, at least"
              + " 250ms (default: $TALLY_DATABASE_TIMEOUT, else 800ms; 10s embedded).")
  Duration databaseTimeout;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "${env:TALLY_SHUTDOWN_TIMEOUT:-30s}",
      description =
          "On SIGTERM, how long requests in flight and a running close may take to finish"
              + " (default: $TALLY_SHUTDOWN_TIMEOUT, else 30s).")
  Duration shutdownTimeout;

  @Option(
      names = "--metrics",
      paramLabel = "on|off",
      defaultValue = "${env:TALLY_METRICS:-on}",
      description = "Serve Prometheus metrics at /metrics (default: $TALLY_METRICS, else on).")
  Switch metrics;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      defaultValue = "${env:TALLY_LOG_FORMAT:-text}",
      description =
          "text, or json for one JSON object per line (default: $TALLY_LOG_FORMAT, else text).")
  LogFormat logFormat;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "${env:TALLY_LOG_LEVEL:-info}",
      description =
          "trace, debug, info, warn, error or off (default: $TALLY_LOG_LEVEL, else info).")
  LogLevel logLevel;

  @Option(
      names = "--rate-limit",
      defaultValue = "${env:TALLY_RATE_LIMIT:-10}",
      paramLabel = "PER_SECOND",
      description =
          "Requests per second per API key (and per client address for requests without a key);"
              + " 0 turns the limit off (default: $TALLY_RATE_LIMIT, else 10, the rate CockroachDB"
              + " Cloud documents).")
  int rateLimit;

  @Option(
      names = "--rate-limit-burst",
      defaultValue = "${env:TALLY_RATE_LIMIT_BURST:-20}",
      paramLabel = "REQUESTS",
      description =
          "Requests one key may make at once above the rate (default: $TALLY_RATE_LIMIT_BURST,"
              + " else 20).")
  int rateLimitBurst;

  @Option(
      names = "--auth-failure-limit",
      defaultValue = "${env:TALLY_AUTH_FAILURE_LIMIT:-10}",
      paramLabel = "PER_MINUTE",
      description =
          "Failed authentications per minute per key id (or client address, for requests that name"
              + " no key) before it is answered 429 without a lookup; 0 turns the limit off"
              + " (default: $TALLY_AUTH_FAILURE_LIMIT, else 10).")
  int authFailureLimit;

  @Option(
      names = "--header-timeout",
      defaultValue = "${env:TALLY_HEADER_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "The most a client may take to send a request's headers before it is answered 408"
              + " (default: $TALLY_HEADER_TIMEOUT, else 10s).")
  Duration headerTimeout;

  @Option(
      names = "--idle-timeout",
      defaultValue = "${env:TALLY_IDLE_TIMEOUT:-30s}",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "How long a connection may stay silent, also while a request body is awaited (then"
              + " 408) (default: $TALLY_IDLE_TIMEOUT, else 30s).")
  Duration idleTimeout;

  /**
   * Checks what the types cannot.
   *
   * @throws ParameterException naming the setting and its rule
   */
  public void validate() {
    if (poolSize != null && (poolSize < 1 || poolSize > 1_000)) {
      throw invalid("--pool-size", "must be between 1 and 1000, got " + poolSize);
    }
    if (databaseTimeout != null && databaseTimeout.compareTo(PoolSettings.MIN_TIMEOUT) < 0) {
      throw invalid(
          "--database-timeout", "must be at least 250ms, got " + databaseTimeout.toMillis() + "ms");
    }
    Duration interval = closeInterval();
    if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw invalid("--close-interval", "must be at least 1s, or off");
    }
    if (rateLimit < 0) {
      throw invalid(
          "--rate-limit",
          "must be 0 (off) or a positive number of requests per second, got " + rateLimit);
    }
    if (rateLimitBurst < 1) {
      throw invalid("--rate-limit-burst", "must be at least 1, got " + rateLimitBurst);
    }
    if (authFailureLimit < 0) {
      throw invalid(
          "--auth-failure-limit",
          "must be 0 (off) or a positive number per minute, got " + authFailureLimit);
    }
    requirePositive("--header-timeout", headerTimeout);
    requirePositive("--idle-timeout", idleTimeout);
  }

  /** The request limits the options describe; call {@link #validate} first. */
  public HttpLimits limits() {
    return new HttpLimits(rateLimit, rateLimitBurst, authFailureLimit, headerTimeout, idleTimeout);
  }

  private void requirePositive(String option, Duration value) {
    if (value.isZero()) {
      throw invalid(option, "must be longer than 0, such as 500ms or 10s");
    }
  }

  public PoolSettings pool() {
    return new PoolSettings(poolSize, databaseTimeout);
  }

  /** The close interval, or null when the automatic close is off. */
  public Duration closeInterval() {
    String value = closeInterval.strip().toLowerCase(Locale.ROOT);
    if (value.equals("off")) {
      return null;
    }
    try {
      return new DurationConverter().convert(value);
    } catch (RuntimeException e) {
      throw new ParameterException(
          spec.commandLine(),
          SettingVariables.named(spec, "--close-interval") + ": " + e.getMessage() + ", or off");
    }
  }

  public App.Options appOptions(String host, int port) {
    return new App.Options(
        host, port, grace, closeInterval(), shutdownTimeout, metrics == Switch.ON);
  }

  public LogFormat logFormat() {
    return logFormat;
  }

  public LogLevel logLevel() {
    return logLevel;
  }

  /** "--pool-size must be ...", or "TALLY_POOL_SIZE (for --pool-size) must be ...". */
  private ParameterException invalid(String option, String rule) {
    return new ParameterException(
        spec.commandLine(), SettingVariables.named(spec, option) + " " + rule);
  }
}
