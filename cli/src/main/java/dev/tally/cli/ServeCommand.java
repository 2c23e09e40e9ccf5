package dev.tally.cli;

import dev.tally.cli.options.ServerOptions;
import dev.tally.server.App;
import dev.tally.server.Tally;
import dev.tally.server.http.HttpLimits;
import dev.tally.server.http.RateLimitListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the Billing API server until interrupted.")
final class ServeCommand extends OperatorCommand {

  @Option(
      names = "--host",
      defaultValue = "${env:TALLY_HOST:-127.0.0.1}",
      description = "Address to listen on (default: $TALLY_HOST, else ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:TALLY_PORT:-8080}",
      description = "Port to listen on (default: $TALLY_PORT, else 8080).")
  int port;

  @Mixin ServerOptions settings;

  @Option(
      names = "--rate-limit",
      defaultValue = "${env:TALLY_RATE_LIMIT:-10}",
      paramLabel = "PER_SECOND",
      description =
          "Requests per second per API key (and per client IP for requests without a key);"
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
          "Failed authentications per minute per key id (or client IP) before it is answered 429"
              + " without a lookup; 0 turns the limit off (default: $TALLY_AUTH_FAILURE_LIMIT,"
              + " else 10).")
  int authFailureLimit;

  @Option(
      names = "--header-timeout",
      defaultValue = "${env:TALLY_HEADER_TIMEOUT:-10s}",
      paramLabel = "DURATION",
      description =
          "The most a client may take to send a request's headers before it is answered 408,"
              + " such as 10s or 500ms (default: $TALLY_HEADER_TIMEOUT, else 10s).")
  String headerTimeout;

  @Option(
      names = "--idle-timeout",
      defaultValue = "${env:TALLY_IDLE_TIMEOUT:-30s}",
      paramLabel = "DURATION",
      description =
          "How long a connection may stay silent, also while a request body is awaited (then"
              + " 408), such as 30s (default: $TALLY_IDLE_TIMEOUT, else 30s).")
  String idleTimeout;

  /**
   * The limits the options describe.
   *
   * @throws CliException with a one-line message naming the option when one is out of range
   */
  HttpLimits limits() {
    Duration header = duration("--header-timeout", headerTimeout);
    Duration idle = duration("--idle-timeout", idleTimeout);
    if (rateLimit < 0) {
      throw CliException.invalid(
          "--rate-limit must be 0 (off) or a positive number of requests per second, got "
              + rateLimit);
    }
    if (rateLimitBurst < 1) {
      throw CliException.invalid("--rate-limit-burst must be at least 1, got " + rateLimitBurst);
    }
    if (authFailureLimit < 0) {
      throw CliException.invalid(
          "--auth-failure-limit must be 0 (off) or a positive number per minute, got "
              + authFailureLimit);
    }
    return new HttpLimits(rateLimit, rateLimitBurst, authFailureLimit, header, idle);
  }

  /**
   * A positive duration written as a number with a unit: {@code 500ms}, {@code 10s}, {@code 2m}.
   */
  static Duration duration(String option, String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.strip());
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
          };
      if (!d.isZero()) {
        return d;
      }
    }
    throw CliException.invalid(
        option + " must be a positive duration such as 10s, 500ms or 2m, got '" + text + "'");
  }

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)?");

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    settings.validate();
    HttpLimits limits = limits();
    LogSetup.apply(settings.logFormat(), settings.logLevel());
    Tally tally = database.open(settings.pool());
    App app = App.start(tally, settings.appOptions(host, port), limits, RateLimitListener.NONE);
    out()
        .printf(
            "Tally is serving the Billing API at http://%s:%d (database: %s), ready in %d ms%n",
            host,
            app.port(),
            tally.database().config().describe(),
            (System.nanoTime() - started) / 1_000_000);
    awaitShutdown(app, tally);
    return ExitCode.OK;
  }

  /**
   * Serves until SIGTERM or Ctrl-C, then stops gracefully: new connections are refused, requests in
   * flight and a running close get the shutdown timeout to finish, then the pool closes.
   */
  static void awaitShutdown(App app, Tally tally) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    app.close();
                  } finally {
                    tally.close();
                    stopped.countDown();
                  }
                },
                "tally-shutdown"));
    stopped.await();
  }
}
