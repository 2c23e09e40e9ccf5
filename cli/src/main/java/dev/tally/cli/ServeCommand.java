package dev.tally.cli;

import dev.tally.cli.options.ServerOptions;
import dev.tally.server.App;
import dev.tally.server.Tally;
import java.util.concurrent.CountDownLatch;
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

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    settings.validate();
    LogSetup.apply(settings.logFormat(), settings.logLevel());
    Tally tally = database.open(settings.pool());
    App app = App.start(tally, settings.appOptions(host, port));
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
