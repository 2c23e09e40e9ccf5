package dev.tally.cli;

import dev.tally.cli.options.ListenAddress;
import dev.tally.cli.options.ServerOptions;
import dev.tally.server.App;
import dev.tally.server.Tally;
import dev.tally.server.http.RateLimitListener;
import java.util.concurrent.CountDownLatch;
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
