package dev.tally.bench;

import dev.tally.model.BillingPeriod;
import dev.tally.server.Tally;
import dev.tally.server.invoices.InvoiceVerifier;
import dev.tally.server.invoices.PeriodClose;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code tally invoices verify} over many organizations and months: every organization is created
 * at the start of the first of {@code months} past months, has a few clusters and some usage in
 * each month, and all the months are closed (which keeps a rating record per invoice); then {@code
 * InvoiceVerifier.verify} re-rates every finalized invoice from its record and compares. The close
 * of the months is timed too, as one figure for "keeping rating records must not slow the close".
 */
final class VerifyBenchmark {

  record Settings(
      int organizations,
      int months,
      int clustersPerOrganization,
      int eventsPerOrganizationMonth,
      int setupThreads) {}

  record Result(
      PeriodClose.Summary lastClose,
      double closeSeconds,
      InvoiceVerifier.Summary verify,
      long finalizedInvoices) {
    double invoicesPerSecond() {
      return verify.perSecond();
    }
  }

  private VerifyBenchmark() {}

  static Result run(Tally tally, Settings s, Report out) {
    Instant now = tally.clock().instant();
    BillingPeriod last = new BillingPeriod(BillingPeriod.containing(now).month().minusMonths(1));
    BillingPeriod first = new BillingPeriod(last.month().minusMonths(s.months() - 1));

    long t0 = System.nanoTime();
    List<String> orgs =
        Fixtures.organizations(
            tally,
            "verify",
            s.organizations(),
            s.clustersPerOrganization(),
            first.start(),
            s.setupThreads());
    out.line(
        "setup: %d organizations x %d clusters, created %s, in %.1f s",
        s.organizations(),
        s.clustersPerOrganization(),
        first.start(),
        IngestBenchmark.secondsSince(t0));

    t0 = System.nanoTime();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    long accepted = 0;
    for (int m = 0; m < s.months(); m++) {
      accepted +=
          CloseBenchmark.loadMonth(
              tally,
              orgs,
              s.clustersPerOrganization(),
              s.eventsPerOrganizationMonth(),
              new BillingPeriod(first.month().plusMonths(m)),
              tag);
    }
    out.line(
        "loaded %d events over %d months (%s to %s) in %.1f s",
        accepted, s.months(), first, last, IngestBenchmark.secondsSince(t0));

    t0 = System.nanoTime();
    PeriodClose.Summary closed = tally.periodClose().closeAll(last);
    double closeSeconds = IngestBenchmark.secondsSince(t0);
    long finalized = tally.tx().read(db -> db.invoices().countFinalized());
    out.line(
        "closed %d months of %d organizations (each keeping a rating record) in %.1f s ="
            + " %.0f invoices/s; %d FINALIZED invoices stored",
        s.months(),
        closed.closed(),
        closeSeconds,
        finalized / Math.max(closeSeconds, 1e-9),
        finalized);

    out.settle();
    CpuMeter.Reading cpuFrom = out.cpu();
    InvoiceVerifier.Summary verify =
        tally
            .verifier()
            .verify(
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                result -> {
                  if (result.verdict()
                      != dev.tally.server.invoices.VerifiedInvoice.Verdict.IDENTICAL) {
                    throw new IllegalStateException("does not verify: " + result);
                  }
                });
    CpuMeter.Reading cpuTo = out.cpu();
    out.line(
        "verify: %d invoices re-rated and compared in %.2f s = %.0f invoices/s, all identical",
        verify.checked(), verify.elapsed().toNanos() / 1e9, verify.perSecond());
    out.line(
        "  %s; %.3f ms of CPU per invoice",
        CpuMeter.describe(cpuFrom, cpuTo),
        CpuMeter.ownSeconds(cpuFrom, cpuTo) * 1000 / Math.max(1, verify.checked()));
    return new Result(closed, closeSeconds, verify, finalized);
  }
}
