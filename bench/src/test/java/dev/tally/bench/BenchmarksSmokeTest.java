package dev.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.Tally;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks at toy sizes, on the embedded database: they do what they say. Nothing about time.
 */
class BenchmarksSmokeTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void ingestionCountsEveryNewEventOnceAndEveryReplayAsADuplicate() throws Exception {
    try (BenchDatabase db = BenchDatabase.fresh("embedded", null, "smoke", false);
        Tally tally = Fixtures.open(db.config())) {
      var result =
          IngestBenchmark.run(
              tally,
              new IngestBenchmark.Settings(2_500, 500, 3, 2, 3, false, 1_000, 2),
              new Report(out, "ingest", "embedded"));

      // A batch of 500 new, one or two replays of it, another 500 new.
      var warmup = result.warmup();
      assertThat(warmup).hasSizeBetween(3, 4);
      assertThat(warmup.getFirst().accepted()).isEqualTo(500);
      assertThat(warmup.subList(1, warmup.size() - 1))
          .allSatisfy(
              round -> {
                assertThat(round.duplicates()).isEqualTo(500);
                assertThat(round.accepted()).isZero();
              });
      assertThat(warmup.getLast().accepted()).isEqualTo(500);
      assertThat(result.fresh().accepted()).isEqualTo(2_500);
      assertThat(result.fresh().batches()).isEqualTo(5);
      assertThat(result.fresh().duplicates()).isZero();
      assertThat(result.fresh().rejected()).isZero();
      assertThat(result.replay().accepted()).isZero();
      assertThat(result.replay().duplicates()).isEqualTo(2_500);
      assertThat(result.storedEventIds()).isEqualTo(3_500);
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("events/s");
    }
  }

  @Test
  void onPostgresTheCopyOfTheSameRowsIsTimedBesideIngestionAndItsTableDropped() throws Exception {
    String admin = System.getenv("TALLY_TEST_POSTGRES_URL");
    if (admin == null || admin.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("TALLY_TEST_POSTGRES_URL is not set in CI");
      }
      org.junit.jupiter.api.Assumptions.abort("no PostgreSQL (run bin/test)");
    }
    try (BenchDatabase db = BenchDatabase.fresh("postgres", admin, "smoke", false);
        Tally tally = Fixtures.open(db.config())) {
      var result =
          IngestBenchmark.run(
              tally,
              new IngestBenchmark.Settings(2_000, 500, 2, 2, 3, false, 500, 1),
              new Report(out, "ingest", "postgres"));

      assertThat(result.fresh().accepted()).isEqualTo(2_000);
      assertThat(result.replay().duplicates()).isEqualTo(2_000);
      assertThat(result.copy().batched().events()).isEqualTo(2_000);
      assertThat(result.copy().batched().batches()).isEqualTo(4);
      assertThat(result.copy().oneStream().events()).isEqualTo(2_000);
      assertThat(result.copy().best().eventsPerSecond()).isPositive();
      try (var c = tally.database().dataSource().getConnection();
          var rows =
              c.createStatement()
                  .executeQuery(
                      "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '"
                          + CopyReference.TABLE
                          + "'")) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
        c.rollback();
      }
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("COPY, one stream");
    }
  }

  @Test
  void mixedBatchesAreCountedTheSame() throws Exception {
    try (BenchDatabase db = BenchDatabase.fresh("embedded", null, "smoke", false);
        Tally tally = Fixtures.open(db.config())) {
      var result =
          IngestBenchmark.run(
              tally,
              new IngestBenchmark.Settings(1_000, 250, 2, 3, 2, true, 0, 3),
              new Report(out, "ingest", "embedded"));

      assertThat(result.warmup()).isEmpty();
      assertThat(result.fresh().accepted()).isEqualTo(1_000);
      assertThat(result.replay().duplicates()).isEqualTo(1_000);
    }
  }

  @Test
  void theDraftReadReadsTheRunningMonthsDraftWithEveryCluster() throws Exception {
    try (BenchDatabase db = BenchDatabase.fresh("embedded", null, "smoke", false);
        Tally tally = Fixtures.open(db.config())) {
      var result =
          DraftReadBenchmark.run(
              tally,
              new DraftReadBenchmark.Settings(12_345, 4, 5, 1),
              new Report(out, "draft-read", "embedded"));

      assertThat(result.accepted()).isEqualTo(12_345);
      assertThat(result.status()).isEqualTo("DRAFT");
      assertThat(result.invoiceItems()).isEqualTo(4);
      assertThat(result.reads().count()).isEqualTo(5);
      assertThat(result.reads().percentileMillis(50)).isPositive();
    }
  }

  @Test
  void theCloseFinalizesBothMonthsOfEveryOrganizationAndForgetsTheEventIds() throws Exception {
    try (BenchDatabase db = BenchDatabase.fresh("embedded", null, "smoke", false);
        Tally tally = Fixtures.open(db.config())) {
      var result =
          CloseBenchmark.run(
              tally,
              new CloseBenchmark.Settings(30, 2, 3, 2),
              new Report(out, "close", "embedded"));

      assertThat(result.summary().closed()).isEqualTo(30);
      assertThat(result.summary().alreadyClosed()).isZero();
      // The cold close of the month before last, then the measured one of last month.
      assertThat(result.finalizedInvoices()).isEqualTo(60);
      assertThat(result.eventIdsLeft()).isZero();
    }
  }

  @Test
  void verifyReRatesEveryInvoiceOfEveryClosedMonth() throws Exception {
    try (BenchDatabase db = BenchDatabase.fresh("embedded", null, "smoke", false);
        Tally tally = Fixtures.open(db.config())) {
      var result =
          VerifyBenchmark.run(
              tally,
              new VerifyBenchmark.Settings(7, 3, 2, 4, 2),
              new Report(out, "verify", "embedded"));

      assertThat(result.finalizedInvoices()).isEqualTo(21);
      assertThat(result.verify().checked()).isEqualTo(21);
      assertThat(result.verify().identical()).isEqualTo(21);
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("invoices/s");
    }
  }

  @Test
  void percentilesAreNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (100 - i) * 1_000_000L;
    }
    Latencies l = Latencies.of(nanos);
    assertThat(l.percentileMillis(50)).isEqualTo(50.0);
    assertThat(l.percentileMillis(99)).isEqualTo(99.0);
    assertThat(l.maxMillis()).isEqualTo(100.0);
  }

  @Test
  void optionsDefaultToTheTargetsSizes() {
    var o = Benchmarks.Options.parse(new String[] {"all"}, java.util.Map.of());
    assertThat(o.events()).isEqualTo(1_000_000);
    assertThat(o.orgs()).isEqualTo(10_000);
    assertThat(o.clusters()).isEqualTo(50);
    assertThat(o.batch()).isEqualTo(1_000);
    assertThat(o.databases()).containsExactly("embedded");
    var p =
        Benchmarks.Options.parse(
            new String[] {"close", "--database", "all", "--orgs=1_000"}, java.util.Map.of());
    assertThat(p.databases()).containsExactly("embedded", "postgres");
    assertThat(p.orgs()).isEqualTo(1_000);
    assertThat(o.months()).isEqualTo(12);
    assertThat(Benchmarks.Options.parse(new String[] {"verify"}, java.util.Map.of()).command())
        .isEqualTo("verify");
  }
}
