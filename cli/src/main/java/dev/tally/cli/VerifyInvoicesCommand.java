package dev.tally.cli;

import dev.tally.cli.format.Counted;
import dev.tally.cli.options.PeriodConverter;
import dev.tally.cli.usage.Terminal;
import dev.tally.model.BillingPeriod;
import dev.tally.server.Tally;
import dev.tally.server.invoices.InvoiceVerifier;
import dev.tally.server.invoices.VerifiedInvoice;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tally invoices verify}: re-rates every finalized invoice from its rating record with this
 * version's engine and reports, per invoice, IDENTICAL or the first difference.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Re-rate finalized invoices from their rating records and compare with what is stored.",
      "Prints one line per invoice: IDENTICAL, IMPORTED (history before the billing start, which "
          + "Tally did not rate) or DIFFERENT with the first difference: a field path, the stored "
          + "value and the re-derived one. A changed invoice, a changed or missing rating record, "
          + "a digest that does not match, a month removed or swapped in an organization's "
          + "chain of digests, a closed month without its invoice, and a record that disagrees "
          + "with the stored usage, adjustments, credit balances or credit draws are all "
          + "DIFFERENT. Reads a page of organizations at a time, so any database verifies in "
          + "bounded memory; progress and the invoices per second go to stderr."
    },
    footer = {
      "",
      "Examples:",
      "  tally invoices verify",
      "  tally invoices verify --org acme --period 2026-10",
      "  tally invoices verify --differences-only > report.txt",
      "",
      "Exit codes:",
      "  0 every invoice verified (or, without --org and --period, none closed yet),",
      "  7 some invoice is DIFFERENT,",
      "  2 invalid input (or no Tally database in the data directory),",
      "  3 unknown organization, or --org/--period match no closed month",
      "    and no finalized invoice,",
      "  5 the database cannot be reached or refuses the connection."
    })
final class VerifyInvoicesCommand extends OperatorCommand {

  @Option(names = "--org", paramLabel = "ORG", description = "Only this organization's invoices.")
  String org;

  @Option(
      names = "--period",
      paramLabel = "YYYY-MM",
      converter = PeriodConverter.class,
      description = "Only this month's invoices.")
  BillingPeriod period;

  @Option(
      names = "--differences-only",
      description = "Print only the invoices that are DIFFERENT (the summary still counts all).")
  boolean differencesOnly;

  @Option(names = "--no-progress", description = "No progress on stderr.")
  boolean noProgress;

  @Override
  public Integer call() {
    try (Tally tally = database.open()) {
      InvoiceVerifier verifier = tally.verifier();
      Optional<String> onlyOrg = Optional.ofNullable(org);
      Optional<BillingPeriod> onlyMonth = Optional.ofNullable(period);
      if (onlyOrg.isPresent()) {
        tally.tx().read(db -> db.organizations().require(org));
      }
      long expected = verifier.countToCheck(onlyOrg, onlyMonth);
      Progress progress =
          new Progress(err(), !noProgress && Terminal.isInteractive(System.getenv()), expected);
      PrintWriter out = out();
      InvoiceVerifier.Summary summary =
          verifier.verify(
              onlyOrg,
              onlyMonth,
              result -> {
                if (!differencesOnly || result.verdict() == VerifiedInvoice.Verdict.DIFFERENT) {
                  progress.clear();
                  out.println(line(result));
                  out.flush();
                }
                progress.advance();
              });
      progress.clear();
      if (summary.checked() == 0) {
        // Only without filters (a filter that matches nothing is NOT_FOUND): a database with no
        // month closed yet has nothing to verify, and that is no failure.
        err().println("verified 0 invoices: no month is closed and no invoice is finalized yet");
        err().flush();
        return ExitCode.OK;
      }
      err()
          .printf(
              Locale.ROOT,
              "verified %s in %.1f s (%s): %,d identical, %,d different, %,d imported%n",
              Counted.of(summary.checked(), "invoice"),
              summary.elapsed().toNanos() / 1e9,
              Counted.perSecond(summary.perSecond(), "invoice"),
              summary.identical(),
              summary.different(),
              summary.imported());
      err().flush();
      return summary.different() > 0 ? ExitCode.NOT_VERIFIED : ExitCode.OK;
    }
  }

  static String line(VerifiedInvoice result) {
    String head =
        String.format(
            Locale.ROOT,
            "%-9s  %s  %s  %s",
            result.verdict(),
            result.period(),
            result.organizationId(),
            result.invoiceId());
    return result.difference().map(d -> head + "  " + d).orElse(head);
  }

  /** A bar redrawn in place on a terminal, at most ten times a second; nothing elsewhere. */
  private static final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private final long total;
    private final long started = System.nanoTime();
    private long done;
    private long lastDrawn;
    private int width;

    Progress(PrintWriter err, boolean enabled, long total) {
      this.err = err;
      this.enabled = enabled;
      this.total = total;
    }

    void advance() {
      done++;
      long now = System.nanoTime();
      if (!enabled || now - lastDrawn < 100_000_000L) {
        return;
      }
      lastDrawn = now;
      // The count was taken before verifying began; a close that finalizes invoices meanwhile
      // adds to the work, and the bar says so rather than passing 100 %.
      long outOf = Math.max(total, done);
      int percent = (int) (done * 100 / Math.max(outOf, 1));
      double seconds = Math.max(now - started, 1) / 1e9;
      String text =
          String.format(
              Locale.ROOT,
              "%3d%% [%s%s] %,d/%,d %s  %s",
              percent,
              "#".repeat(percent / 5),
              "-".repeat(20 - percent / 5),
              done,
              outOf,
              Counted.noun(outOf, "invoice"),
              Counted.perSecond(done / seconds, "invoice"));
      err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
      err.flush();
      width = text.length();
    }

    void clear() {
      if (width > 0) {
        err.print("\r" + " ".repeat(width) + "\r");
        err.flush();
        width = 0;
      }
    }
  }
}
