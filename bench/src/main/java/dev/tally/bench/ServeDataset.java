package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.engine.InvoiceIds;
import dev.tally.engine.PriceBookFile;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CloudProvider;
import dev.tally.model.Plan;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.server.Tally;
import dev.tally.server.invoices.PeriodClose;
import dev.tally.server.orgs.ClusterSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The serve benchmark's data, loaded in process through the code the service itself runs: two
 * variants of {@code organizations} organizations each, a large one with {@code largeClusters}
 * clusters and a small one with {@code smallClusters}, every cluster metering {@link #SKUS five
 * SKUs}. Each organization was created at the start of the first of {@code months} past months;
 * every one of those months has one event per cluster and SKU (through {@code
 * UsageIngestion.ingest}) and is closed ({@code PeriodClose.closeAll}, month by month: FINALIZED
 * invoices rated from that usage, with their rating records). The running month has usage too, so
 * every organization has a DRAFT; the first organization of each variant, whose invoices the
 * benchmark reads, meters every day so far, as the demo does.
 *
 * <p>A price book of the benchmark's own is loaded first: the default one with each SKU's first
 * price moved back to the first month, since the default prices start in 2024 and 36 months reach
 * further back.
 */
final class ServeDataset {

  /** What each cluster meters: one invoice line item per cluster and SKU. */
  static final String[] SKUS = {
    "standard.compute",
    "standard.storage",
    "data_transfer.internet_egress",
    "data_transfer.cross_region",
    "backup.storage"
  };

  private static final String[] BASE_QUANTITIES = {"2880", "36000.5", "125.125", "40.25", "7200"};
  private static final int LOAD_BATCH = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Settings(
      int organizations, int months, int largeClusters, int smallClusters, int setupThreads) {}

  /**
   * One variant's organization whose invoices are read: its id, a key that may read them, its last
   * closed month's invoice and its running month's draft.
   */
  record Reader(
      String variant,
      int clusters,
      String organizationId,
      String apiKey,
      String finalizedInvoiceId,
      String draftInvoiceId) {}

  record Loaded(Reader large, Reader small, long events, long finalizedInvoices, double seconds) {}

  private ServeDataset() {}

  static Loaded load(Tally tally, Settings s, Report out) {
    long t0 = System.nanoTime();
    Instant now = tally.clock().instant();
    BillingPeriod running = BillingPeriod.containing(now);
    BillingPeriod last = new BillingPeriod(running.month().minusMonths(1));
    BillingPeriod first = new BillingPeriod(last.month().minusMonths(s.months() - 1));
    tally.priceBooks().load(priceBookFrom(first.firstDay()));

    List<String> large =
        organizations(
            tally,
            "serve-large",
            s.organizations(),
            s.largeClusters(),
            first.start(),
            s.setupThreads());
    List<String> small =
        organizations(
            tally,
            "serve-small",
            s.organizations(),
            s.smallClusters(),
            first.start(),
            s.setupThreads());
    out.line(
        "setup: 2 x %d organizations (%d and %d clusters, %d SKUs each), created %s, in %.1f s",
        s.organizations(),
        s.largeClusters(),
        s.smallClusters(),
        SKUS.length,
        first.start(),
        IngestBenchmark.secondsSince(t0));

    // Month by month: each month's usage, then its close. Closing all 36 months at the end works
    // too, but the close forgets a month's event ids by reading all the organization's remembered
    // ids in key order (PeriodClose.forgetEventIds), so the ids of the months still open would be
    // read once per month closed.
    long t1 = System.nanoTime();
    Loader loader = new Loader(tally);
    List<Sized> variants =
        List.of(new Sized(large, s.largeClusters()), new Sized(small, s.smallClusters()));
    double closeSeconds = 0;
    for (int m = 0; m < s.months(); m++) {
      BillingPeriod month = new BillingPeriod(first.month().plusMonths(m));
      for (Sized variant : variants) {
        for (int o = 0; o < variant.orgs().size(); o++) {
          Instant at = month.start().plusSeconds(14L * 86_400 + 3_600L * (o % 24));
          monthOfUsage(loader, variant.orgs().get(o), variant.clusters(), o, m, "m" + m, at, 1);
        }
      }
      loader.flush();
      long closing = System.nanoTime();
      PeriodClose.Summary closed = tally.periodClose().closeAll(month);
      closeSeconds += IngestBenchmark.secondsSince(closing);
      if (closed.closed() != 2 * s.organizations()) {
        throw new IllegalStateException("closed " + closed + ", expected every organization");
      }
    }
    Fixtures.Span soFar = Fixtures.monthSoFar(now);
    for (Sized variant : variants) {
      for (int o = 0; o < variant.orgs().size(); o++) {
        String org = variant.orgs().get(o);
        if (o == 0) {
          everyDaySoFar(loader, org, variant.clusters(), s.months(), soFar);
        } else {
          Instant at = Fixtures.timestamp(soFar.from(), soFar.to(), o, variant.orgs().size());
          monthOfUsage(loader, org, variant.clusters(), o, s.months(), "run", at, 1);
        }
      }
    }
    loader.flush();
    long finalized = tally.tx().read(db -> db.invoices().countFinalized());
    out.line(
        "loaded %d events (in process, UsageIngestion.ingest, batches of up to %d) and closed %s to"
            + " %s month by month (PeriodClose.closeAll, %.1f s of it) in %.1f s: %d FINALIZED"
            + " invoices",
        loader.accepted,
        LOAD_BATCH,
        first,
        last,
        closeSeconds,
        IngestBenchmark.secondsSince(t1),
        finalized);
    long expected = 2L * s.organizations() * s.months();
    if (finalized != expected) {
      throw new IllegalStateException(
          "expected " + expected + " FINALIZED invoices after the close, found " + finalized);
    }
    return new Loaded(
        reader(tally, "large", s.largeClusters(), large.getFirst(), last, running),
        reader(tally, "small", s.smallClusters(), small.getFirst(), last, running),
        loader.accepted,
        finalized,
        IngestBenchmark.secondsSince(t0));
  }

  private record Sized(List<String> orgs, int clusters) {}

  private static Reader reader(
      Tally tally,
      String variant,
      int clusters,
      String org,
      BillingPeriod last,
      BillingPeriod running) {
    return new Reader(
        variant,
        clusters,
        org,
        Fixtures.billingKey(tally, org),
        InvoiceIds.monthly(org, last),
        InvoiceIds.monthly(org, running));
  }

  /** One event per cluster and SKU at {@code at}, quantities varying by organization and month. */
  private static void monthOfUsage(
      Loader loader, String org, int clusters, int o, int m, String tag, Instant at, int scale) {
    for (int c = 0; c < clusters; c++) {
      for (int k = 0; k < SKUS.length; k++) {
        loader.add(
            event(
                "sv-" + o + "-" + tag + "-" + c + "-" + k,
                org,
                Fixtures.clusterId(org, c),
                k,
                quantity(k, o + m + c, scale),
                at));
      }
    }
  }

  /** One event per cluster, SKU and day of the running month so far, as the demo meters. */
  private static void everyDaySoFar(
      Loader loader, String org, int clusters, int m, Fixtures.Span soFar) {
    LocalDate firstDay = LocalDate.ofInstant(soFar.from(), ZoneOffset.UTC);
    LocalDate lastDay = LocalDate.ofInstant(soFar.to(), ZoneOffset.UTC);
    for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
      Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
      Instant at = noon.isAfter(soFar.to()) ? soFar.to() : noon;
      monthOfUsage(loader, org, clusters, day.getDayOfMonth(), m, "run-" + day, at, 30);
    }
  }

  /** A quantity of SKU {@code k}: its base divided by {@code scale}, varied by up to 16 %. */
  private static String quantity(int k, int seed, int scale) {
    BigDecimal base = new BigDecimal(BASE_QUANTITIES[k]);
    BigDecimal factor = BigDecimal.valueOf(100 + (seed * 7L) % 17, 2);
    return base.multiply(factor)
        .divide(BigDecimal.valueOf(scale), 3, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static JsonNode event(
      String id, String org, String cluster, int sku, String quantity, Instant at) {
    ObjectNode node = JSON.createObjectNode();
    node.put("event_id", id);
    node.put("organization_id", org);
    node.put("cluster_id", cluster);
    node.put("sku", SKUS[sku]);
    node.put("quantity", quantity);
    node.put("timestamp", at.toString());
    return node;
  }

  /**
   * Creates the organizations, each with its clusters (labelled, as real ones are), a few at a
   * time; returns their ids in order.
   */
  private static List<String> organizations(
      Tally tally, String prefix, int count, int clusters, Instant createdAt, int threads) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(Fixtures.orgId(prefix, i));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int firstIndex = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = firstIndex; i < count; i += threads) {
                    organization(tally, ids.get(i), clusters, createdAt);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("setting up organizations failed", e.getCause());
    }
    return ids;
  }

  private static void organization(Tally tally, String org, int clusters, Instant createdAt) {
    tally
        .tx()
        .write(
            db -> {
              db.organizations().create(org, "Benchmark " + org, createdAt);
              for (int j = 0; j < clusters; j++) {
                Map<String, String> labels =
                    Map.of(
                        "team",
                        j % 2 == 0 ? "payments" : "search",
                        "env",
                        j % 3 == 0 ? "staging" : "production");
                db.clusters()
                    .create(
                        org,
                        new ClusterSpec(
                                Fixtures.clusterId(org, j),
                                String.format("cluster-%03d", j),
                                Plan.STANDARD,
                                CloudProvider.GCP,
                                List.of("us-central1"),
                                labels)
                            .toCluster(createdAt));
              }
              return null;
            });
  }

  /**
   * The default price book, each SKU's earliest price moved back to {@code from} when it starts
   * later, so that every month of the dataset is priced.
   */
  static String priceBookFrom(LocalDate from) {
    try {
      ObjectNode book =
          (ObjectNode) JSON.readTree(PriceBookFile.toJson(PriceBookFile.defaultPriceBook()));
      Map<String, ObjectNode> earliest = new java.util.HashMap<>();
      for (JsonNode price : book.withArray("skus")) {
        String sku = price.path("sku").asText();
        ObjectNode seen = earliest.get(sku);
        if (seen == null
            || price.path("effective_from").asText().compareTo(seen.path("effective_from").asText())
                < 0) {
          earliest.put(sku, (ObjectNode) price);
        }
      }
      for (ObjectNode price : earliest.values()) {
        if (LocalDate.parse(price.path("effective_from").asText()).isAfter(from)) {
          price.put("effective_from", from.toString());
        }
      }
      return JSON.writeValueAsString(book);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot rewrite the default price book", e);
    }
  }

  /** Sends events to {@code UsageIngestion.ingest} in batches of {@value #LOAD_BATCH}. */
  private static final class Loader {
    private final Tally tally;
    private final List<JsonNode> batch = new ArrayList<>(LOAD_BATCH);
    long accepted;

    Loader(Tally tally) {
      this.tally = tally;
    }

    void add(JsonNode event) {
      batch.add(event);
      if (batch.size() == LOAD_BATCH) {
        flush();
      }
    }

    void flush() {
      if (batch.isEmpty()) {
        return;
      }
      IngestUsageResponse result = tally.ingestion().ingest(batch);
      if (!result.rejected().isEmpty()) {
        throw new IllegalStateException("loading rejected events: " + result.rejected().getFirst());
      }
      accepted += result.accepted();
      batch.clear();
    }
  }
}
