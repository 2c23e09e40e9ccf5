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
 * start of last month, so last month is its only open month, and has a few clusters and some usage
 * in it, ingested in process through {@code UsageIngestion.ingest} in batches of 10,000. The close
 * rates each month as FINALIZED, stores the invoice and forgets the month's event ids.
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
    Instant from = period.start();
    Instant to = period.end();

    long t0 = System.nanoTime();
    List<String> orgs =
        Fixtures.organizations(
            tally, "close", s.organizations(), s.clustersPerOrganization(), from, s.setupThreads());
    out.line(
        "setup: %d organizations x %d clusters, created %s, in %.1f s",
        s.organizations(), s.clustersPerOrganization(), from, IngestBenchmark.secondsSince(t0));

    t0 = System.nanoTime();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    long accepted = 0;
    List<JsonNode> batch = new ArrayList<>(LOAD_BATCH);
    for (int o = 0; o < orgs.size(); o++) {
      String org = orgs.get(o);
      for (int j = 0; j < s.eventsPerOrganization(); j++) {
        int cluster = j % s.clustersPerOrganization();
        int sku = (j / s.clustersPerOrganization()) % Fixtures.SKUS.length;
        batch.add(
            Fixtures.eventNode(
                "ev-" + tag + "-" + o + "-" + j,
                org,
                Fixtures.clusterId(org, cluster),
                sku,
                Fixtures.timestamp(from, to, j, s.eventsPerOrganization())));
        if (batch.size() == LOAD_BATCH) {
          accepted += load(tally, batch);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      accepted += load(tally, batch);
    }
    out.line(
        "loaded %d events of %s (in process, UsageIngestion.ingest, batches of %d) in %.1f s",
        accepted, period, LOAD_BATCH, IngestBenchmark.secondsSince(t0));

    out.settle();

    CpuMeter.Reading cpuFrom = out.cpu();
    t0 = System.nanoTime();
    PeriodClose.Summary summary = tally.periodClose().closeAll(period);
    double seconds = IngestBenchmark.secondsSince(t0);
    CpuMeter.Reading cpuTo = out.cpu();
    long finalized = tally.tx().read(db -> db.invoices().countFinalized());
    long left = tally.tx().read(db -> db.usage().countEventIds());
    Result result = new Result(summary, seconds, finalized, left);
    out.line(
        "closeAll(%s): closed %d organizations (%d already closed) in %.2f s = %.0f organizations/s"
            + " (%.2f ms each); %d FINALIZED invoices stored, %d event ids left",
        period,
        summary.closed(),
        summary.alreadyClosed(),
        seconds,
        result.organizationsPerSecond(),
        seconds * 1000 / Math.max(1, summary.closed()),
        finalized,
        left);
    out.line(
        "  %s; %.2f ms of CPU per organization",
        CpuMeter.describe(cpuFrom, cpuTo),
        CpuMeter.ownSeconds(cpuFrom, cpuTo) * 1000 / Math.max(1, summary.closed()));
    return result;
  }

  private static long load(Tally tally, List<JsonNode> batch) {
    IngestUsageResponse result = tally.ingestion().ingest(batch);
    if (!result.rejected().isEmpty()) {
      throw new IllegalStateException("loading rejected events: " + result.rejected().getFirst());
    }
    return result.accepted();
  }
}
