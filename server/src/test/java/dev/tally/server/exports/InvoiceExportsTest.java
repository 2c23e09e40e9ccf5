package dev.tally.server.exports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.CloudProvider;
import dev.tally.model.Cluster;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.LineItem;
import dev.tally.model.OpenEnum;
import dev.tally.model.Plan;
import dev.tally.model.QuantityUnit;
import dev.tally.model.extensions.BillingContact;
import dev.tally.model.extensions.OrganizationProfile;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.testing.SampleInvoices;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** Rendering edge cases: text the PDF font cannot draw, long invoices, CSV formula injection. */
class InvoiceExportsTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private static Cluster cluster(String id, String name, Map<String, String> labels) {
    return new ClusterSpec(id, name, Plan.STANDARD, CloudProvider.AWS, List.of("us-east-1"), labels)
        .toCluster(CREATED);
  }

  private static OrganizationProfile org(String name, BillingContact contact) {
    return new OrganizationProfile("org-1", name, contact);
  }

  private static String pdfText(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
    }
  }

  private static int pages(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      return document.getNumberOfPages();
    }
  }

  @Test
  void namesThePdfFontCannotDrawAreReplacedVisiblyInsteadOfFailing() throws Exception {
    Cluster cjk = cluster("c-1", "分析クラスタ", Map.of("チーム", "データ"));
    Cluster cyrillic = cluster("c-2", "кластер-🚀 café", Map.of("env", "prod"));
    Invoice invoice =
        SampleInvoices.forMonth(
            "inv-unicode",
            YearMonth.of(2026, 3),
            InvoiceStatus.FINALIZED,
            List.of(cjk, cyrillic),
            1);
    byte[] pdf =
        InvoicePdf.render(
            invoice,
            org(
                "Ünïcode GmbH 株式会社",
                new BillingContact("Straße 1 — 東京", "Königstraße 5\n東京都\nМосква", "a@b.example")));
    String text = pdfText(pdf);
    assertThat(text)
        .contains("Ünïcode GmbH ????")
        .contains("??????")
        .contains("???????-? café")
        .contains("Königstraße 5 ??? ??????")
        .contains("Straße 1 — ??");
    // The CSV keeps every character as it is.
    assertThat(InvoiceCsv.text(invoice)).contains("分析クラスタ", "кластер-🚀 café", "チーム=データ");
  }

  @Test
  void aLongInvoiceRunsOverNumberedPagesAndKeepsEveryLine() throws Exception {
    List<Cluster> clusters = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      clusters.add(cluster("c-" + i, String.format("cluster-%02d", i), Map.of("n", "" + i)));
    }
    Invoice invoice =
        SampleInvoices.forMonth(
            "inv-long", YearMonth.of(2026, 3), InvoiceStatus.DRAFT, clusters, 7);
    byte[] pdf = InvoicePdf.render(invoice, org("Long Org", BillingContact.NONE));
    int pages = pages(pdf);
    assertThat(pages).isGreaterThan(3);
    String text = pdfText(pdf);
    assertThat(text).contains("Page 1 of " + pages).contains("Page " + pages + " of " + pages);
    for (InvoiceItem item : invoice.invoiceItems()) {
      assertThat(text).contains(item.cluster().name());
      for (LineItem line : item.lineItems()) {
        assertThat(text).contains(line.description()).contains(InvoicePdf.money(line.total()));
      }
    }
    assertThat(text).contains(InvoicePdf.money(invoice.totals().get(0)));
  }

  @Test
  void csvTextCellsThatASpreadsheetWouldRunAreNeutralisedButNegativeAmountsStayNumbers()
      throws Exception {
    Cluster evil =
        cluster("c-evil", "=HYPERLINK(\"http://x\",\"y\")", Map.of("+cmd", "@SUM(A1)", "k", "-1"));
    Cluster tab = cluster("c-tab", "-2+3", Map.of());
    LineItem line =
        new LineItem(
            "@cmd|' /C calc'!A0",
            new BigDecimal("10"),
            OpenEnum.of(QuantityUnit.HOURS),
            new BigDecimal("0.50"),
            CurrencyAmount.usd("5.00"));
    LineItem tabbed =
        new LineItem(
            "\tleading tab",
            new BigDecimal("1"),
            OpenEnum.of(QuantityUnit.HOURS),
            new BigDecimal("1.00"),
            CurrencyAmount.usd("1.00"));
    Invoice invoice =
        new Invoice(
            "inv-evil",
            Instant.parse("2026-03-01T00:00:00Z"),
            Instant.parse("2026-04-01T00:00:00Z"),
            OpenEnum.of(InvoiceStatus.FINALIZED),
            List.of(CurrencyAmount.usd("1.00")),
            List.of(CurrencyAmount.of(new BigDecimal("0.00"), Currency.CRDB_CLOUD_CREDITS)),
            List.of(new InvoiceAdjustment("=1+1 discount", CurrencyAmount.usd("-5.00"))),
            List.of(
                new InvoiceItem(evil, List.of(line), List.of(CurrencyAmount.usd("5.00"))),
                new InvoiceItem(tab, List.of(tabbed), List.of(CurrencyAmount.usd("1.00")))),
            List.of());
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(InvoiceCsv.text(invoice)))
            .getRecords();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("cluster_name")).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
    assertThat(rows.get(0).get("labels")).isEqualTo("'+cmd=@SUM(A1);k=-1");
    assertThat(rows.get(0).get("description")).isEqualTo("'@cmd|' /C calc'!A0");
    assertThat(rows.get(1).get("cluster_name")).isEqualTo("'-2+3");
    assertThat(rows.get(1).get("description")).isEqualTo("'\tleading tab");
    assertThat(rows.get(2).get("row_type")).isEqualTo("adjustment");
    assertThat(rows.get(2).get("description")).isEqualTo("'=1+1 discount");
    assertThat(rows.get(2).get("amount")).isEqualTo("-5.00");
    assertThat(
            rows.stream()
                .map(r -> new BigDecimal(r.get("amount")))
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("1.00");
    for (CSVRecord row : rows) {
      for (String numeric : List.of("quantity", "unit_price", "amount")) {
        if (!row.get(numeric).isEmpty()) {
          new BigDecimal(row.get(numeric)); // numeric columns stay plain decimals
        }
      }
    }
  }

  @Test
  void labelsAreWrittenSortedWithSeparatorsEscaped() {
    assertThat(InvoiceCsv.labels(Map.of("b", "2", "a", "x;y=z", "c\\d", "")))
        .isEqualTo("a=x\\;y\\=z;b=2;c\\\\d=");
  }
}
