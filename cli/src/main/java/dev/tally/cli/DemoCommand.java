package dev.tally.cli;

import dev.tally.cli.options.ListenAddress;
import dev.tally.cli.options.ServerOptions;
import dev.tally.engine.InvoiceIds;
import dev.tally.model.BillingPeriod;
import dev.tally.server.App;
import dev.tally.server.Tally;
import dev.tally.server.demo.DemoOrganization;
import dev.tally.server.demo.DemoOrganization.DemoKey;
import dev.tally.server.http.RateLimitListener;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Seed a demo organization and serve the Billing API and the web console, printing the "
          + "console's URL, API keys and curl lines.",
      "The organization has clusters, 12 finalized monthly invoices, this month's draft and one "
          + "service account per interesting role."
    })
final class DemoCommand extends OperatorCommand {

  @Mixin ListenAddress listen;

  @Mixin ServerOptions settings;

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    StopSignals signals = StopSignals.install();
    listen.validate();
    settings.validate();
    LogSetup.apply(settings.logFormat(), settings.logLevel());
    // Seeding takes many seconds: hold the port first, so one in use fails now, before any of it.
    ListenPort reserved = ListenPort.reserve(listen.host(), listen.port());
    Tally tally;
    List<DemoKey> keys;
    try {
      tally = database.openOrCreate(settings.pool());
      keys = DemoOrganization.seed(tally);
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
    long readyMillis = (System.nanoTime() - started) / 1_000_000;
    String url = listen.url(app.port());
    DemoKey reader = keys.stream().filter(DemoKey::canReadInvoices).findFirst().orElseThrow();
    StringBuilder out = new StringBuilder();
    out.append("Tally demo is serving the Billing API at ")
        .append(url)
        .append(" (ready in ")
        .append(readyMillis)
        .append(" ms; data in ")
        .append(tally.database().config().describe())
        .append(")\n\n");
    out.append("Web console: ")
        .append(url)
        .append("/console/  (sign in with billing-reader's or ops-admin's key below)\n\n");
    out.append("Demo API keys (organization ")
        .append(DemoOrganization.ORGANIZATION_ID)
        .append("):\n");
    for (DemoKey key : keys) {
      out.append(
          String.format("  %-16s %-52s %s%n", key.account(), key.roleDescription(), key.token()));
    }
    out.append("\nTry:\n");
    out.append("  export TALLY_API_KEY=").append(reader.token()).append('\n');
    out.append("  curl -s -H \"Authorization: Bearer $TALLY_API_KEY\" ")
        .append(url)
        .append("/api/v1/invoices\n");
    out.append("  curl -s -H \"Authorization: Bearer $TALLY_API_KEY\" '")
        .append(url)
        .append("/api/v1/invoices?status=FINALIZED&start_time=2020-01-01T00:00:00Z'\n");
    out.append("  curl -s -H \"Authorization: Bearer $TALLY_API_KEY\" ")
        .append(url)
        .append("/api/v1/invoices/")
        .append(
            InvoiceIds.monthly(
                DemoOrganization.ORGANIZATION_ID,
                BillingPeriod.containing(tally.clock().instant())))
        .append("   # this month's draft\n");
    out.append("\nPress Ctrl-C to stop.\n");
    out().print(out);
    out().flush();
    StartUpArchive.served();
    return ServeCommand.awaitShutdown(signals, app, tally);
  }
}
