package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.InvoiceIds;
import dev.tally.model.BillingPeriod;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.server.App;
import dev.tally.server.Tally;
import dev.tally.server.http.HttpLimits;
import dev.tally.server.http.RateLimitListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reading the running month's DRAFT invoice ({@code GET /api/v1/invoices/{id}}) of one organization
 * with many clusters and a month of usage. The usage is loaded first through the ingestion code
 * itself ({@code UsageIngestion.ingest}, in process, in batches of 10,000: the same validation,
 * duplicate check and daily sums as over HTTP, without the HTTP). Then one client reads the draft
 * again and again, one request at a time; each read rates the month live from the daily sums.
 */
final class DraftReadBenchmark {

  static final int LOAD_BATCH = 10_000;

  record Settings(long events, int clusters, int reads, int warmupReads) {}

  record Result(
      long accepted,
      double loadSeconds,
      long dailyRows,
      Latencies reads,
      int responseBytes,
      String status,
      int invoiceItems,
      String total) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private DraftReadBenchmark() {}

  static Result run(Tally tally, Settings s, Report out) throws Exception {
    Instant now = tally.clock().instant();
    Fixtures.Span span = Fixtures.monthSoFar(now);
    Instant from = span.from();
    Instant to = span.to();
    String org = Fixtures.orgId("draft", 0);
    long t0 = System.nanoTime();
    Fixtures.organization(tally, org, s.clusters(), from);
    String key = Fixtures.billingKey(tally, org);
    out.line(
        "setup: 1 organization x %d clusters in %.1f s",
        s.clusters(), IngestBenchmark.secondsSince(t0));

    t0 = System.nanoTime();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    long accepted = 0;
    for (long first = 0; first < s.events(); first += LOAD_BATCH) {
      long last = Math.min(s.events(), first + LOAD_BATCH);
      List<JsonNode> batch = new ArrayList<>((int) (last - first));
      for (long k = first; k < last; k++) {
        int cluster = (int) (k % s.clusters());
        int sku = (int) ((k / s.clusters()) % Fixtures.SKUS.length);
        batch.add(
            Fixtures.eventNode(
                "ev-" + tag + "-" + k,
                org,
                Fixtures.clusterId(org, cluster),
                sku,
                Fixtures.timestamp(from, to, k, s.events())));
      }
      IngestUsageResponse result = tally.ingestion().ingest(batch);
      if (!result.rejected().isEmpty()) {
        throw new IllegalStateException("loading rejected events: " + result.rejected().getFirst());
      }
      accepted += result.accepted();
    }
    double loadSeconds = IngestBenchmark.secondsSince(t0);
    long dailyRows = tally.tx().read(db -> db.usage().countDailyRows(org));
    out.line(
        "loaded %d events (in process, UsageIngestion.ingest, batches of %d) in %.1f s = %.0f events/s;"
            + " %d daily usage rows",
        accepted, LOAD_BATCH, loadSeconds, accepted / loadSeconds, dailyRows);

    out.settle();

    String invoiceId = InvoiceIds.monthly(org, BillingPeriod.containing(now));
    try (App app =
            App.start(
                tally,
                App.Options.manualClose("127.0.0.1", 0),
                // Benchmarks measure throughput: the per-key rate limit would measure itself.
                HttpLimits.unlimited(),
                RateLimitListener.NONE);
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + app.port() + "/api/v1/invoices/" + invoiceId))
              .header("Authorization", "Bearer " + key)
              .timeout(Duration.ofMinutes(1))
              .GET()
              .build();
      HttpResponse<byte[]> last = null;
      for (int i = 0; i < s.warmupReads(); i++) {
        last = check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
      }
      long[] nanos = new long[s.reads()];
      CpuMeter.Reading cpuFrom = out.cpu();
      for (int i = 0; i < s.reads(); i++) {
        long sent = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        nanos[i] = System.nanoTime() - sent;
        last = check(response);
      }
      CpuMeter.Reading cpuTo = out.cpu();
      JsonNode invoice = JSON.readTree(last.body());
      if (!invoiceId.equals(invoice.path("invoice_id").asText())) {
        throw new IllegalStateException(
            "read the wrong invoice: " + invoice.path("invoice_id").asText());
      }
      JsonNode total = invoice.path("totals").path(0);
      Latencies reads = Latencies.of(nanos);
      Result result =
          new Result(
              accepted,
              loadSeconds,
              dailyRows,
              reads,
              last.body().length,
              invoice.path("status").asText(),
              invoice.path("invoice_items").size(),
              total.path("amount").asText() + " " + total.path("currency").asText());
      out.line(
          "GET /api/v1/invoices/%s: %d reads after %d warm-up reads, one at a time: %s",
          invoiceId, reads.count(), s.warmupReads(), reads.summary());
      out.line(
          "  %s; %.1f ms of CPU per read",
          CpuMeter.describe(cpuFrom, cpuTo),
          CpuMeter.ownSeconds(cpuFrom, cpuTo) * 1000 / reads.count());
      out.line(
          "the draft: status %s, %d invoice items, total %s, %d bytes",
          result.status(), result.invoiceItems(), result.total(), result.responseBytes());
      return result;
    }
  }

  private static HttpResponse<byte[]> check(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "the draft read answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response;
  }
}
