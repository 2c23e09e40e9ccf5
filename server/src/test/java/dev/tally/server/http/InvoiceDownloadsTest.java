package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.LineItem;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.WireJson;
import dev.tally.model.extensions.CreditsOverview;
import dev.tally.model.extensions.OrganizationProfile;
import dev.tally.server.demo.DemoOrganization;
import dev.tally.server.exports.InvoicePdf;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo organization's invoices downloaded over HTTP as PDF and CSV, checked against the same
 * invoice's JSON from the Billing API: every line item and total is in the PDF's text, and the
 * CSV's amounts add up to the totals.
 */
class InvoiceDownloadsTest {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestServer server;
  private static String key;
  private static List<Invoice> invoices;

  @BeforeAll
  static void seedTheDemo() throws Exception {
    server = TestServer.on(DatabaseConfig.inMemory("downloads" + System.nanoTime()));
    key =
        DemoOrganization.seed(server.tally()).stream()
            .filter(DemoOrganization.DemoKey::canReadInvoices)
            .findFirst()
            .orElseThrow()
            .token();
    invoices =
        JSON.readValue(server.get("/api/v1/invoices", key).body(), ListInvoicesResponse.class)
            .invoices();
    assertThat(invoices).hasSize(13);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyDemoInvoicesCsvAmountsSumToItsTotalsPerCurrency() throws Exception {
    for (Invoice invoice : invoices) {
      HttpResponse<byte[]> response = download(invoice.invoiceId(), "csv");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
      assertThat(response.headers().firstValue("Content-Disposition"))
          .hasValue("attachment; filename=\"" + invoice.invoiceId() + ".csv\"");
      List<CSVRecord> rows = csv(new String(response.body(), "UTF-8"));
      Map<String, BigDecimal> sums = new HashMap<>();
      for (CSVRecord row : rows) {
        assertThat(row.get("invoice_id")).isEqualTo(invoice.invoiceId());
        sums.merge(row.get("currency"), new BigDecimal(row.get("amount")), BigDecimal::add);
      }
      Map<String, BigDecimal> totals = new HashMap<>();
      for (CurrencyAmount total : invoice.totals()) {
        totals.put(total.currency().raw(), total.amount());
      }
      assertThat(sums.keySet()).as(invoice.invoiceId()).isEqualTo(totals.keySet());
      totals.forEach(
          (currency, total) ->
              assertThat(sums.get(currency))
                  .as("%s %s", invoice.invoiceId(), currency)
                  .isEqualByComparingTo(total));
      long lineItems =
          invoice.invoiceItems().stream().mapToLong(item -> item.lineItems().size()).sum();
      assertThat(rows.stream().filter(r -> r.get("row_type").equals("line_item")).count())
          .isEqualTo(lineItems);
      assertThat(rows.stream().filter(r -> !r.get("row_type").equals("line_item")).count())
          .isEqualTo(invoice.adjustments().size());
    }
  }

  @Test
  void theCsvNamesEachLineItemsClusterWithItsLabels() throws Exception {
    Invoice invoice = invoices.get(0);
    List<CSVRecord> rows = csv(new String(download(invoice.invoiceId(), "csv").body(), "UTF-8"));
    InvoiceItem analytics = invoice.invoiceItems().get(0);
    CSVRecord first = rows.get(0);
    assertThat(first.get("cluster_id")).isEqualTo(analytics.cluster().id());
    assertThat(first.get("cluster_name")).isEqualTo("analytics");
    assertThat(first.get("labels")).isEqualTo("cost_center=4100;env=prod");
    LineItem line = analytics.lineItems().get(0);
    assertThat(first.get("description")).isEqualTo(line.description());
    assertThat(new BigDecimal(first.get("quantity"))).isEqualByComparingTo(line.quantity());
    assertThat(first.get("quantity_unit")).isEqualTo(line.quantityUnit().raw());
    assertThat(new BigDecimal(first.get("unit_price"))).isEqualByComparingTo(line.unitCost());
    assertThat(first.get("period")).isEqualTo(invoice.periodStart().toString().substring(0, 7));
  }

  @Test
  void aFinalizedInvoicesPdfHoldsEveryLineItemAndTotalAndNoWatermark() throws Exception {
    Invoice plain =
        invoices.stream()
            .filter(i -> i.status().is(InvoiceStatus.FINALIZED))
            .filter(i -> i.adjustments().isEmpty())
            .findFirst()
            .orElseThrow();
    Pdf pdf = pdf(plain);
    assertHoldsTheInvoice(pdf, plain);
    assertThat(pdf.text()).contains("FINALIZED").doesNotContain("DRAFT");
    assertThat(pdf.watermarks()).isEmpty();
  }

  @Test
  void aDraftsPdfIsWatermarkedDraftOnEveryPage() throws Exception {
    Invoice draft = invoices.getLast();
    assertThat(draft.status().is(InvoiceStatus.DRAFT)).isTrue();
    Pdf pdf = pdf(draft);
    assertHoldsTheInvoice(pdf, draft);
    assertThat(pdf.watermarks()).hasSize(pdf.pages()).containsOnly("DRAFT");
  }

  @Test
  void anInvoiceWithCreditsShowsTheCreditsUsedAndLeft() throws Exception {
    Invoice withCredits =
        invoices.stream()
            .filter(i -> i.status().is(InvoiceStatus.FINALIZED))
            .filter(i -> i.totals().size() == 2)
            .findFirst()
            .orElseThrow();
    Pdf pdf = pdf(withCredits);
    assertHoldsTheInvoice(pdf, withCredits);
    assertThat(pdf.text())
        .contains("Credits applied")
        .contains("Credits used " + InvoicePdf.money(withCredits.totals().get(1)))
        .contains(
            "Credits left after this period " + InvoicePdf.money(withCredits.balances().get(0)));
  }

  @Test
  void anInvoiceWithAnAdjustmentShowsIt() throws Exception {
    Invoice adjusted =
        invoices.stream()
            .filter(
                i ->
                    i.adjustments().stream()
                        .anyMatch(a -> a.name().equals("Premium support onboarding")))
            .findFirst()
            .orElseThrow();
    Pdf pdf = pdf(adjusted);
    assertHoldsTheInvoice(pdf, adjusted);
    assertThat(pdf.text()).contains("Premium support onboarding 250.00 USD");
  }

  @Test
  void thePdfIsAddressedToTheBillingContact() throws Exception {
    Pdf pdf = pdf(invoices.get(0));
    assertThat(pdf.text())
        .contains("Tally")
        .contains("Acme Demo")
        .contains("Acme Demo Inc. (Accounts Payable)")
        .contains("100 Market Street, Suite 300 San Francisco, CA 94105 United States")
        .contains("billing@acme.example");
    HttpResponse<byte[]> response = download(invoices.get(0).invoiceId(), "pdf");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(response.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"" + invoices.get(0).invoiceId() + ".pdf\"");
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    for (String path :
        List.of(
            "/tally/v1/organization",
            "/tally/v1/credits",
            "/tally/v1/invoices/" + invoices.get(0).invoiceId() + "/pdf",
            "/tally/v1/invoices/" + invoices.get(0).invoiceId() + "/csv")) {
      HttpResponse<byte[]> head =
          HTTP.send(
              HttpRequest.newBuilder(server.uri(path))
                  .HEAD()
                  .header("Authorization", "Bearer " + key)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> get = get(path);
      assertThat(head.statusCode()).as(path).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().firstValue("Content-Type"))
          .isEqualTo(get.headers().firstValue("Content-Type"));
    }
  }

  @Test
  void aBadInvoiceIdIsA400AndAnotherMethodA405WithStatusBodies() throws Exception {
    HttpResponse<String> bad = server.get("/tally/v1/invoices/-bad/pdf", key);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).startsWith("{\"code\":3,\"message\":\"invoice_id may only contain");
    HttpResponse<String> unknown = server.get("/tally/v1/invoices/inv_nope/csv", key);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body())
        .isEqualTo("{\"code\":5,\"message\":\"invoice inv_nope does not exist\",\"details\":[]}");
    HttpResponse<String> post =
        server.post("/tally/v1/invoices/" + invoices.get(0).invoiceId() + "/pdf", key, "{}");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void theOrganizationRouteGivesTheBillingContact() throws Exception {
    OrganizationProfile org =
        JSON.readValue(get("/tally/v1/organization").body(), OrganizationProfile.class);
    assertThat(org.id()).isEqualTo(DemoOrganization.ORGANIZATION_ID);
    assertThat(org.name()).isEqualTo("Acme Demo");
    assertThat(org.billingContact()).isEqualTo(DemoOrganization.BILLING_CONTACT);
    assertThat(new String(get("/tally/v1/organization").body(), "UTF-8"))
        .isEqualTo(
            "{\"id\":\"demo-org\",\"name\":\"Acme Demo\",\"billing_contact\":{"
                + "\"name\":\"Acme Demo Inc. (Accounts Payable)\","
                + "\"address\":\"100 Market Street, Suite 300\\nSan Francisco, CA 94105\\nUnited States\","
                + "\"email\":\"billing@acme.example\"}}");
  }

  @Test
  void theCreditsRouteAgreesWithWhatTheInvoicesDrew() throws Exception {
    String body = new String(get("/tally/v1/credits").body(), "UTF-8");
    CreditsOverview credits = JSON.readValue(body, CreditsOverview.class);
    assertThat(credits.currency()).isEqualTo("USD");
    // The year's grant expires first, so it is drawn first; this month's is drawn by the draft.
    assertThat(credits.grants())
        .extracting(g -> g.amount().toPlainString())
        .containsExactly("5000.00", "25000.00");
    BigDecimal drawn =
        invoices.stream()
            .flatMap(i -> i.totals().stream())
            .filter(t -> t.currency().raw().equals("CRDB_CLOUD_CREDITS"))
            .map(CurrencyAmount::amount)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal remaining =
        credits.grants().stream().map(g -> g.remaining()).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(remaining).isEqualByComparingTo(new BigDecimal("30000.00").subtract(drawn));
    assertThat(credits.grants().get(1).remaining()).isLessThan(new BigDecimal("25000.00"));
    assertThat(credits.available()).isEqualByComparingTo(remaining).isPositive();
    assertThat(credits.averageDailyDrawLast30Days()).isPositive();
    // Money is a string with two places, as the console reads it.
    assertThat(body)
        .contains("\"amount\":\"5000.00\"")
        .containsPattern("\"available\":\"\\d+\\.\\d\\d\"")
        .containsPattern("\"average_daily_draw_last_30_days\":\"\\d+\\.\\d\\d\"");
  }

  // ---- helpers ----

  private static void assertHoldsTheInvoice(Pdf pdf, Invoice invoice) {
    String text = pdf.text();
    assertThat(text).contains(invoice.invoiceId()).contains(invoice.status().raw());
    for (InvoiceItem item : invoice.invoiceItems()) {
      assertThat(text).contains(item.cluster().name());
      assertThat(text).contains(item.cluster().plan().raw());
      for (LineItem line : item.lineItems()) {
        assertThat(text)
            .as("line %s of %s", line.description(), item.cluster().name())
            .contains(
                line.description()
                    + " "
                    + line.quantity().toPlainString()
                    + " "
                    + InvoicePdfUnits.of(line)
                    + " "
                    + line.unitCost().toPlainString()
                    + " USD "
                    + InvoicePdf.money(line.total()));
      }
      for (CurrencyAmount subtotal : item.totals()) {
        assertThat(text).contains(InvoicePdf.money(subtotal));
      }
    }
    for (InvoiceAdjustment adjustment : invoice.adjustments()) {
      assertThat(text).contains(adjustment.name() + " " + InvoicePdf.money(adjustment.amount()));
    }
    for (CurrencyAmount total : invoice.totals()) {
      assertThat(text).contains(InvoicePdf.money(total));
    }
    assertThat(text).contains("Total due (USD) " + InvoicePdf.money(invoice.totals().get(0)));
  }

  /** The PDF's text (whitespace collapsed), its page count, and its large watermark strings. */
  record Pdf(String text, int pages, List<String> watermarks) {}

  private static Pdf pdf(Invoice invoice) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = download(invoice.invoiceId(), "pdf");
    assertThat(response.statusCode()).isEqualTo(200);
    return read(response.body());
  }

  static Pdf read(byte[] bytes) throws IOException {
    try (PDDocument document = Loader.loadPDF(bytes)) {
      // The characters drawn 100 points or larger, page by page: the watermark.
      Map<Integer, StringBuilder> large = new java.util.TreeMap<>();
      PDFTextStripper stripper =
          new PDFTextStripper() {
            @Override
            protected void processTextPosition(TextPosition position) {
              if (position.getFontSize() >= 100) {
                large
                    .computeIfAbsent(getCurrentPageNo(), p -> new StringBuilder())
                    .append(position.getUnicode());
              }
              super.processTextPosition(position);
            }
          };
      String text = stripper.getText(document).replaceAll("\\s+", " ");
      List<String> watermarks = large.values().stream().map(StringBuilder::toString).toList();
      return new Pdf(text, document.getNumberOfPages(), watermarks);
    }
  }

  private static HttpResponse<byte[]> download(String invoiceId, String format)
      throws IOException, InterruptedException {
    return get("/tally/v1/invoices/" + invoiceId + "/" + format);
  }

  private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + key).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static List<CSVRecord> csv(String text) throws IOException {
    return CSVFormat.RFC4180
        .builder()
        .setHeader()
        .setSkipHeaderRecord(true)
        .get()
        .parse(new StringReader(text))
        .getRecords();
  }

  /** The unit as the PDF writes it. */
  private static final class InvoicePdfUnits {
    static String of(LineItem line) {
      return switch (line.quantityUnit().raw()) {
        case "HOURS" -> "hours";
        case "REQUEST_UNITS" -> "request units";
        case "GIB" -> "GiB";
        case "GIB_HOURS" -> "GiB-hours";
        case "VCPU_HOURS" -> "vCPU-hours";
        default -> line.quantityUnit().raw();
      };
    }
  }
}
