package dev.tally.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.client.InvoiceProof;
import dev.tally.client.TallyClient;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import dev.tally.model.WireJson;
import dev.tally.model.provenance.DayRow;
import dev.tally.model.provenance.InvoiceProvenance;
import dev.tally.model.provenance.LineProvenance;
import dev.tally.server.demo.DemoOrganization;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.RatedMonths;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK's customer-side check against the demo: every demo invoice, fetched with its provenance,
 * re-adds exactly; a changed amount or day does not; and the {@code CheckInvoices} example says so,
 * run as a program of its own.
 */
class InvoiceProofTest {

  private static TestServer server;
  private static String key;

  @BeforeAll
  static void start() {
    server =
        TestServer.on(
            DatabaseConfig.inMemory("proof" + UUID.randomUUID().toString().replace("-", "")));
    key =
        DemoOrganization.seed(server.tally()).stream()
            .filter(DemoOrganization.DemoKey::canReadInvoices)
            .findFirst()
            .orElseThrow()
            .token();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TallyClient client() {
    return TallyClient.builder()
        .baseUrl("http://127.0.0.1:" + server.port())
        .apiKey(key)
        .maxRetries(0)
        .build();
  }

  @Test
  void everyDemoInvoiceAddsUpFromItsProvenance() {
    try (TallyClient tally = client()) {
      List<Invoice> invoices = tally.billing().listInvoices().execute().invoices();
      assertThat(invoices).hasSize(13);
      for (Invoice invoice : invoices) {
        InvoiceProvenance provenance =
            tally.billing().getInvoiceProvenance(invoice.invoiceId()).execute();
        InvoiceProof proof = InvoiceProof.check(invoice, provenance);
        assertThat(proof.problems()).as(invoice.invoiceId()).isEmpty();
        assertThat(proof.lineItems()).isPositive();
        assertThat(proof.days()).isGreaterThanOrEqualTo(proof.lineItems());
      }
    }
  }

  @Test
  void aChangedTotalOrDayDoesNotAddUp() {
    try (TallyClient tally = client()) {
      Invoice invoice = tally.billing().listInvoices().execute().invoices().get(3);
      InvoiceProvenance provenance =
          tally.billing().getInvoiceProvenance(invoice.invoiceId()).execute();

      // One cent more on the first line item, as a server that inflated a total would send.
      InvoiceItem item = invoice.invoiceItems().get(0);
      LineItem line = item.lineItems().get(0);
      LineItem inflated =
          new LineItem(
              line.description(),
              line.quantity(),
              line.quantityUnit(),
              line.unitCost(),
              CurrencyAmount.usd(
                  line.total().amount().add(new BigDecimal("0.01")).toPlainString()));
      List<LineItem> lines = new ArrayList<>(item.lineItems());
      lines.set(0, inflated);
      List<InvoiceItem> items = new ArrayList<>(invoice.invoiceItems());
      items.set(0, new InvoiceItem(item.cluster(), lines, item.totals()));
      Invoice changed =
          new Invoice(
              invoice.invoiceId(),
              invoice.periodStart(),
              invoice.periodEnd(),
              invoice.status(),
              invoice.totals(),
              invoice.balances(),
              invoice.adjustments(),
              items,
              invoice.folderResources());
      InvoiceProof proof = InvoiceProof.check(changed, provenance);
      assertThat(proof.holds()).isFalse();
      assertThat(proof.problems())
          .anySatisfy(p -> assertThat(p).startsWith("invoice_items[0].line_items[0]: total"));

      // A day dropped from the provenance: the days no longer add up to the line.
      LineProvenance first = provenance.lineItems().get(0);
      List<LineProvenance> explained = new ArrayList<>(provenance.lineItems());
      List<DayRow> days = new ArrayList<>(first.days());
      days.remove(days.size() - 1);
      explained.set(
          0,
          new LineProvenance(
              first.item(),
              first.line(),
              first.clusterId(),
              first.clusterName(),
              first.sku(),
              first.description(),
              first.quantityUnit(),
              first.unitCost(),
              first.quantity(),
              first.total(),
              days));
      InvoiceProvenance short1 =
          new InvoiceProvenance(
              provenance.invoiceId(),
              provenance.status(),
              provenance.periodStart(),
              provenance.periodEnd(),
              provenance.digest(),
              explained,
              provenance.credits(),
              provenance.adjustments());
      assertThat(InvoiceProof.check(invoice, short1).problems())
          .anySatisfy(p -> assertThat(p).contains("its days add up to"));
    }
  }

  /**
   * The customer's reading of the cap rule is the engine's: a discount larger than everything due
   * shows capped, one after it shows 0.00, and credits, a mid-month price change and a contract
   * override are all re-added, on finalized months and on the draft.
   */
  @Test
  void cappedDiscountsCreditsAndPriceChangesAddUp() {
    String org = RatedMonths.seed(server, "org-capped", List.of("alpha", "beta"));
    BillingPeriod november = new BillingPeriod(YearMonth.of(2026, 11));
    for (String[] adjustment :
        new String[][] {{"Huge discount", "-100000.00"}, {"Support", "3.00"}, {"After", "-2.00"}}) {
      server.write(
          db ->
              db.adjustments()
                  .add(
                      org,
                      november,
                      adjustment[0],
                      new BigDecimal(adjustment[1]),
                      server.clock().instant()));
    }
    try (TallyClient tally =
        TallyClient.builder()
            .baseUrl("http://127.0.0.1:" + server.port())
            .apiKey(server.tenantKey(org))
            .maxRetries(0)
            .build()) {
      // August (nothing used), September and October (closed), November (the draft: no usage,
      // a charge, and discounts capped to it).
      List<Invoice> invoices = tally.billing().listInvoices().execute().invoices();
      assertThat(invoices).hasSize(4);
      for (Invoice invoice : invoices) {
        InvoiceProvenance provenance =
            tally.billing().getInvoiceProvenance(invoice.invoiceId()).execute();
        assertThat(InvoiceProof.check(invoice, provenance).problems())
            .as(invoice.invoiceId())
            .isEmpty();
      }
      Invoice draft =
          invoices.stream().filter(i -> i.status().raw().equals("DRAFT")).findFirst().orElseThrow();
      InvoiceProvenance explained =
          tally.billing().getInvoiceProvenance(draft.invoiceId()).execute();
      assertThat(explained.adjustments())
          .extracting(a -> a.name() + " " + a.applied().signum())
          .containsExactly("Huge discount -1", "Support 1", "After 0");
    }
  }

  /**
   * Edits a stranger made to a served invoice, each keeping the totals consistent with the change,
   * so that only the provenance can tell: every one must be caught.
   */
  @Test
  void editsThatKeepTheTotalsConsistentAreStillCaught() throws Exception {
    ObjectMapper json = WireJson.mapper();
    try (TallyClient tally = client()) {
      Invoice invoice =
          tally.billing().listInvoices().execute().invoices().stream()
              .filter(
                  i ->
                      i.adjustments().stream()
                          .anyMatch(a -> !a.name().equals(InvoiceAdjustment.CREDITS_APPLIED)))
              .filter(i -> i.status().raw().equals("FINALIZED"))
              .findFirst()
              .orElseThrow();
      InvoiceProvenance provenance =
          tally.billing().getInvoiceProvenance(invoice.invoiceId()).execute();
      assertThat(InvoiceProof.check(invoice, provenance).problems()).isEmpty();
      assertThat(provenance.adjustments()).isNotEmpty();

      Map<String, Consumer<ObjectNode>> edits = new LinkedHashMap<>();
      edits.put(
          "an added charge, the USD total raised to match",
          doc -> {
            addAdjustment(doc, "Premium support", "100.00");
            raiseUsdTotal(doc, "100.00");
          });
      edits.put(
          "an added discount, the USD total lowered to match",
          doc -> {
            addAdjustment(doc, "Goodwill", "-50.00");
            raiseUsdTotal(doc, "-50.00");
          });
      edits.put(
          "an adjustment made larger, the USD total raised to match",
          doc -> {
            ObjectNode amount = (ObjectNode) doc.withArray("adjustments").get(0).get("amount");
            amount.put("amount", amount.get("amount").decimalValue().add(BigDecimal.TEN));
            raiseUsdTotal(doc, "10");
          });
      edits.put(
          "a line total in credits instead of USD",
          doc -> firstLine(doc).with("total").put("currency", "CRDB_CLOUD_CREDITS"));
      edits.put(
          "the period moved a month back",
          doc -> {
            doc.put("period_start", invoice.periodStart().minus(30, ChronoUnit.DAYS).toString());
            doc.put("period_end", invoice.periodEnd().minus(30, ChronoUnit.DAYS).toString());
          });
      edits.put("the status changed", doc -> doc.put("status", "DRAFT"));
      edits.put("a description changed", doc -> firstLine(doc).put("description", "Support"));
      edits.put("a unit changed", doc -> firstLine(doc).put("quantity_unit", "REQUEST_UNITS"));
      edits.put(
          "a cluster renamed",
          doc ->
              ((ObjectNode) doc.withArray("invoice_items").get(0).get("cluster")).put("name", "x"));

      for (Map.Entry<String, Consumer<ObjectNode>> edit : edits.entrySet()) {
        ObjectNode doc = json.valueToTree(invoice);
        edit.getValue().accept(doc);
        Invoice edited = json.treeToValue(doc, Invoice.class);
        assertThat(edited).as(edit.getKey()).isNotEqualTo(invoice);
        assertThat(InvoiceProof.check(edited, provenance).holds()).as(edit.getKey()).isFalse();
      }
    }
  }

  private static ObjectNode firstLine(ObjectNode invoice) {
    return (ObjectNode) invoice.withArray("invoice_items").get(0).withArray("line_items").get(0);
  }

  private static void addAdjustment(ObjectNode invoice, String name, String amount) {
    ObjectNode adjustment = invoice.withArray("adjustments").insertObject(0);
    adjustment.put("name", name);
    adjustment.putObject("amount").put("amount", new BigDecimal(amount)).put("currency", "USD");
  }

  private static void raiseUsdTotal(ObjectNode invoice, String by) {
    for (var total : invoice.withArray("totals")) {
      if (total.get("currency").asText().equals("USD")) {
        ((ObjectNode) total)
            .put("amount", total.get("amount").decimalValue().add(new BigDecimal(by)));
      }
    }
  }

  @Test
  void theCheckInvoicesExamplePrintsThatEveryDemoInvoiceAddsUp() throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CheckInvoices.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("COCKROACH_API_KEY");
    builder.environment().put("TALLY_URL", "http://127.0.0.1:" + server.port());
    builder.environment().put("TALLY_API_KEY", key);
    Path out = Files.createTempFile("check", ".out");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectErrorStream(false).start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String printed = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(printed).isZero();
      assertThat(printed.lines())
          .hasSize(13)
          .allMatch(
              l ->
                  l.matches(
                      "inv_demo-org_\\d{4}-\\d{2}  adds up \\(\\d+ line items, \\d+ days\\)"));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
