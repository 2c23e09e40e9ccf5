package dev.tally.cli;

import dev.tally.cli.options.ApiCredentials;
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
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Tally server for the CLI's tests, with two organizations:
 *
 * <ul>
 *   <li>"Globex", created 2026-01-10 with clusters checkout and payments, has an invoice for every
 *       month of 2026 up to November (now is 2026-11-15): January to September FINALIZED, October
 *       (in its grace period) and November DRAFT;
 *   <li>"Precise" has one hand-made October invoice whose numbers and text test the formatting: a
 *       unit cost of 0.0000002, a quantity of 0.0000002, a million-dollar line, a description with
 *       a comma and quotes, a negative adjustment and totals in two currencies.
 * </ul>
 */
final class BillingServer implements AutoCloseable {

  static final List<YearMonth> MONTHS = months(YearMonth.of(2026, 1), YearMonth.of(2026, 11));

  final TestServer server;
  final TestServer.Tenant globex;
  final String globexKey;

  /** Globex's invoices by month, as stored. */
  final Map<YearMonth, Invoice> invoices = new LinkedHashMap<>();

  final TestServer.Tenant precise;
  final String preciseKey;
  final Invoice preciseInvoice;

  BillingServer() {
    server =
        TestServer.on(
            DatabaseConfig.inMemory("cli" + UUID.randomUUID().toString().replace("-", "")));
    globex = server.tenant("Globex", Instant.parse("2026-01-10T09:00:00Z"), "payments", "checkout");
    for (YearMonth month : MONTHS) {
      InvoiceStatus status =
          month.isBefore(YearMonth.of(2026, 10)) ? InvoiceStatus.FINALIZED : InvoiceStatus.DRAFT;
      invoices.put(month, globex.invoice(month, status));
    }
    globexKey = globex.billingKey();

    precise = server.tenant("Precise", Instant.parse("2026-10-01T00:00:00Z"), "core");
    Cluster edge =
        server
            .tally()
            .tx()
            .write(
                db ->
                    db.clusters()
                        .create(
                            precise.orgId(),
                            new ClusterSpec(
                                    UUID.randomUUID().toString(),
                                    "edge",
                                    Plan.BASIC,
                                    CloudProvider.AWS,
                                    List.of("eu-west-1"),
                                    Map.of())
                                .toCluster(Instant.parse("2026-10-01T00:00:00Z"))));
    server
        .tally()
        .tx()
        .write(
            db ->
                db.invoices()
                    .save(precise.orgId(), preciseInvoice(precise.clusters().getFirst(), edge)));
    preciseInvoice =
        server
            .tally()
            .tx()
            .write(db -> db.invoices().find(precise.orgId(), "precise-2026-10"))
            .orElseThrow();
    preciseKey = precise.billingKey();
  }

  private static Invoice preciseInvoice(Cluster core, Cluster edge) {
    InvoiceItem coreItem =
        new InvoiceItem(
            core,
            List.of(
                line(
                    "Standard provisioned compute",
                    "6858375",
                    QuantityUnit.VCPU_HOURS,
                    "0.18",
                    "1234507.50")),
            List.of(usd("1234507.50")));
    InvoiceItem edgeItem =
        new InvoiceItem(
            edge,
            List.of(
                line(
                    "Basic request units",
                    "1234567",
                    QuantityUnit.REQUEST_UNITS,
                    "0.0000002",
                    "0.25"),
                line("Data transfer, \"cross-region\"", "12.5", QuantityUnit.GIB, "0.02", "0.25"),
                line("Storage rounding", "0.0000002", QuantityUnit.GIB_HOURS, "1", "0.00")),
            List.of(usd("0.50")));
    return new Invoice(
        "precise-2026-10",
        Instant.parse("2026-10-01T00:00:00Z"),
        Instant.parse("2026-11-01T00:00:00Z"),
        OpenEnum.of(InvoiceStatus.FINALIZED),
        List.of(
            usd("1234498.00"),
            CurrencyAmount.of(new BigDecimal("25.00"), Currency.CRDB_CLOUD_CREDITS)),
        List.of(CurrencyAmount.of(new BigDecimal("75.00"), Currency.CRDB_CLOUD_CREDITS)),
        List.of(new InvoiceAdjustment("Loyalty credit", usd("-10.00"))),
        List.of(coreItem, edgeItem),
        List.of());
  }

  private static LineItem line(
      String description, String quantity, QuantityUnit unit, String unitCost, String total) {
    return new LineItem(
        description,
        new BigDecimal(quantity),
        OpenEnum.of(unit),
        new BigDecimal(unitCost),
        usd(total));
  }

  private static CurrencyAmount usd(String amount) {
    return CurrencyAmount.usd(amount);
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Globex's invoices from {@code first} to {@code last}, both included. */
  List<Invoice> invoices(YearMonth first, YearMonth last) {
    return months(first, last).stream().map(invoices::get).toList();
  }

  /** Runs {@code tally ARGS --url URL} with {@code TALLY_API_KEY} set to Globex's billing key. */
  CliRun run(String... args) {
    return runWithKey(globexKey, args);
  }

  /** Runs {@code tally ARGS --url URL} with {@code TALLY_API_KEY} set to {@code key}. */
  CliRun runWithKey(String key, String... args) {
    return CliRun.withEnv(Map.of(ApiCredentials.API_KEY_ENV, key), withUrl(args));
  }

  /** As {@link #runWithKey}, with standard output's bytes going to {@code binary}. */
  CliRun runWithKey(String key, BinaryOutput binary, String... args) {
    return CliRun.withEnv(Map.of(ApiCredentials.API_KEY_ENV, key), binary, withUrl(args));
  }

  String[] withUrl(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--url");
    all.add(url());
    return all.toArray(String[]::new);
  }

  static List<YearMonth> months(YearMonth first, YearMonth last) {
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      months.add(m);
    }
    return months;
  }

  static String period(Invoice invoice) {
    return YearMonth.from(invoice.periodStart().atOffset(ZoneOffset.UTC)).toString();
  }

  @Override
  public void close() {
    server.close();
  }
}
