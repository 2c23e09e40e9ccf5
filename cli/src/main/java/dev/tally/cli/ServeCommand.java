package dev.tally.cli;

import dev.tally.cli.options.ListenAddress;
import dev.tally.cli.options.ServerOptions;
import dev.tally.server.App;
import dev.tally.server.Tally;
import dev.tally.server.http.RateLimitListener;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the Billing API server until interrupted.")
final class ServeCommand extends OperatorCommand {

  @Mixin ListenAddress listen;

  @Mixin ServerOptions settings;

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    StopSignals signals = StopSignals.install();
    listen.validate();
    settings.validate();
    LogSetup.apply(settings.logFormat(), settings.logLevel());
    // Migrating can take a while: hold the address first, so a bad one fails now, before any of it.
    ListenPort reserved = ListenPort.reserve(listen.host(), listen.port());
    Tally tally;
    try {
      tally = database.openOrCreate(settings.pool());
    } finally {
      reserved.release();
    }
    signals.defer();
    App app =
        App.start(
            tally,
            settings.appOptions(listen.host(), listen.port()),
            settings.limits(),
            RateLimitListener.NONE);
    out()
        .printf(
            "Tally is serving the Billing API at %s (database: %s), ready in %d ms%n",
            listen.url(app.port()),
            tally.database().config().describe(),
            (System.nanoTime() - started) / 1_000_000);
    StartUpArchive.served();
    return awaitShutdown(signals, app, tally);
  }

  /**
   * Serves until SIGTERM, Ctrl-C or SIGHUP, then stops gracefully: new connections are refused,
   * requests in flight and a running close get the shutdown timeout to finish, then the pool (and
   * with it the embedded database) closes. The signal is Tally's to handle ({@link StopSignals},
   * deferring since before the server started), so all of this happens before the JVM begins to
   * shut down, and no shutdown hook (H2's closes the embedded database) runs under it; a shutdown
   * the JVM begins by itself stops the server from a hook, as well as it can.
   *
   * @return the exit code: 128 plus the signal's number (143 after SIGTERM)
   */
  static int awaitShutdown(StopSignals signals, App app, Tally tally) throws InterruptedException {
    GracefulStop stop = new GracefulStop(app, tally);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::run, "tally-shutdown"));
    int code = signals.await();
    LoggerFactory.getLogger(ServeCommand.class).info("{} received; stopping", signals.name());
    stop.run();
    return code;
  }

  /** Stops the server, then closes the database; once, whichever thread asks first. */
  private static final class GracefulStop {
    private final App app;
    private final Tally tally;
    private boolean done;

    GracefulStop(App app, Tally tally) {
      this.app = app;
      this.tally = tally;
    }

    synchronized void run() {
      if (done) {
        return;
      }
      done = true;
      try {
        app.close();
      } finally {
        tally.close();
      }
    }
  }
}
