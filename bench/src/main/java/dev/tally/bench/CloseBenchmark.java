package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.model.BillingPeriod;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.server.Tally;
import dev.tally.server.invoices.PeriodClose;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Closing last month for many organizations: {@code PeriodClose.closeAll}, what the scheduler (and
 * {@code POST /operator/v1/periods/{month}/close}) runs. Every organization was created at the
 * start of the month before last and has a few clusters and the same amount of usage in each of the
 * two months, ingested in process through {@code UsageIngestion.ingest} in batches of 10,000. The
 * close rates each month as FINALIZED, stores the invoice and its rating record, and forgets the
 * month's event ids.
 *
 * <p>The month before last is closed first and reported as the cold close: a JVM that has not
 * closed yet spends as much CPU compiling the close's code as running it (its JIT compiler threads
 * are busy for the whole of a 10,000-organization close). Last month's close, measured after it, is
 * the warm one a long-running server does each month, chained to a month before.
 */
final class CloseBenchmark {

  static final int LOAD_BATCH = 10_000;

  record Settings(
      int organizations,
      int clustersPerOrganization,
      int eventsPerOrganization,
      int setupThreads) {}

  record Result(
      PeriodClose.Summary summary, double seconds, long finalizedInvoices, long eventIdsLeft) {
    double organizationsPerSecond() {
      return summary.closed() / seconds;
    }
  }

  private CloseBenchmark() {}

  static Result run(Tally tally, Settings s, Report out) {
    Instant now = tally.clock().instant();
    BillingPeriod period = new BillingPeriod(BillingPeriod.containing(now).month().minusMonths(1));
    BillingPeriod warmUp = new BillingPeriod(period.month().minusMonths(1));

    long t0 = System.nanoTime();
    List<String> orgs =
        Fixtures.organizations(
            tally,
            "close",
            s.organizations(),
            s.clustersPerOrganization(),
            warmUp.start(),
            s.setupThreads());
    out.line(
        "setup: %d organizations x %d clusters, created %s, in %.1f s",
        s.organizations(),
        s.clustersPerOrganization(),
        warmUp.start(),
        IngestBenchmark.secondsSince(t0));

    String tag = UUID.randomUUID().toString().substring(0, 8);
    for (BillingPeriod month : List.of(warmUp, period)) {
      t0 = System.nanoTime();
      long accepted =
          loadMonth(
              tally, orgs, s.clustersPerOrganization(), s.eventsPerOrganization(), month, tag);
      out.line(
          "loaded %d events of %s (in process, UsageIngestion.ingest, batches of %d) in %.1f s",
          accepted, month, LOAD_BATCH, IngestBenchmark.secondsSince(t0));
    }

    out.settle();
    close(tally, warmUp, "cold JVM, first close", out);
    out.settle();
    return close(tally, period, "warm, chained to the month before", out);
  }

  private static Result close(Tally tally, BillingPeriod period, String what, Report out) {
    CpuMeter.Reading cpuFrom = out.cpu();
    long t0 = System.nanoTime();
    PeriodClose.Summary summary = tally.periodClose().closeAll(period);
    double seconds = IngestBenchmark.secondsSince(t0);
    CpuMeter.Reading cpuTo = out.cpu();
    long finalized = tally.tx().read(db -> db.invoices().countFinalized());
    long left = tally.tx().read(db -> db.usage().countEventIds());
    Result result = new Result(summary, seconds, finalized, left);
    out.line(
        "closeAll(%s), %s: closed %d organizations (%d already closed) in %.2f s = %.0f"
            + " organizations/s (%.2f ms each); %d FINALIZED invoices stored, %d event ids left",
        period,
        what,
        summary.closed(),
        summary.alreadyClosed(),
        seconds,
        result.organizationsPerSecond(),
        seconds * 1000 / Math.max(1, summary.closed()),
        finalized,
        left);
    int closed = Math.max(1, summary.closed());
    out.line(
        "  %s; %.2f ms of CPU per organization, %.2f ms without the JIT compiler's",
        CpuMeter.describe(cpuFrom, cpuTo),
        CpuMeter.ownSeconds(cpuFrom, cpuTo) * 1000 / closed,
        CpuMeter.ownSecondsWithoutJit(cpuFrom, cpuTo) * 1000 / closed);
    return result;
  }

  /**
   * Ingests {@code eventsPerOrganization} events of {@code month} for each organization, spread
   * over its clusters and the SKUs, in batches of {@link #LOAD_BATCH}; returns how many were
   * accepted. Event ids carry {@code tag} and the month, so months and runs never collide.
   */
  static long loadMonth(
      Tally tally,
      List<String> orgs,
      int clustersPerOrganization,
      int eventsPerOrganization,
      BillingPeriod month,
      String tag) {
    long accepted = 0;
    List<JsonNode> batch = new ArrayList<>(LOAD_BATCH);
    for (int o = 0; o < orgs.size(); o++) {
      String org = orgs.get(o);
      for (int j = 0; j < eventsPerOrganization; j++) {
        int cluster = j % clustersPerOrganization;
        int sku = (j / clustersPerOrganization) % Fixtures.SKUS.length;
        batch.add(
            Fixtures.eventNode(
                "ev-" + tag + "-" + month + "-" + o + "-" + j,
                org,
                Fixtures.clusterId(org, cluster),
                sku,
                Fixtures.timestamp(month.start(), month.end(), j, eventsPerOrganization)));
        if (batch.size() == LOAD_BATCH) {
          accepted += load(tally, batch);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      accepted += load(tally, batch);
    }
    return accepted;
  }

  static long load(Tally tally, List<JsonNode> batch) {
    IngestUsageResponse result = tally.ingestion().ingest(batch);
    if (!result.rejected().isEmpty()) {
      throw new IllegalStateException("loading rejected events: " + result.rejected().getFirst());
    }
    return result.accepted();
  }
}
