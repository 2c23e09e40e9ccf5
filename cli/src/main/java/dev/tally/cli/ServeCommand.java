package dev.tally.cli;

import dev.tally.server.App;
import dev.tally.server.Tally;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
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

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    Tally tally = database.open();
    App app = App.start(tally, host, port);
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

  static void awaitShutdown(App app, Tally tally) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  tally.close();
                  stopped.countDown();
                },
                "tally-shutdown"));
    stopped.await();
  }
}
