package dev.tally.examples;

import dev.tally.client.TallyClient;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Tally server on a real database, seeded for the SDK's end-to-end tests. Now is the
 * server's default, 2026-11-15T12:00Z.
 *
 * <ul>
 *   <li>"Acme", created 2026-01-10 with clusters checkout and payments, has an invoice for every
 *       month from January to November 2026: FINALIZED to September; October (still in its grace
 *       period) and November (running) are DRAFT;
 *   <li>"Umbrella", created 2026-10-05, has a FINALIZED October invoice and a DRAFT November one,
 *       so isolation and per-request keys show.
 * </ul>
 */
final class SeededServer implements AutoCloseable {

  static final YearMonth FIRST = YearMonth.of(2026, 1);
  static final YearMonth LAST = YearMonth.of(2026, 11);
  static final YearMonth FIRST_DRAFT = YearMonth.of(2026, 10);

  final TestServer server;
  final TestServer.Tenant acme;
  final String acmeKey;
  final Map<YearMonth, Invoice> invoices = new LinkedHashMap<>();
  final TestServer.Tenant umbrella;
  final String umbrellaKey;
  final Invoice umbrellaInvoice;
  final Invoice umbrellaDraft;

  private SeededServer(TestServer server) {
    this.server = server;
    acme = server.tenant("Acme", Instant.parse("2026-01-10T09:00:00Z"), "payments", "checkout");
    for (YearMonth month : months(FIRST, LAST)) {
      invoices.put(
          month,
          acme.invoice(
              month, month.isBefore(FIRST_DRAFT) ? InvoiceStatus.FINALIZED : InvoiceStatus.DRAFT));
    }
    acmeKey = acme.billingKey();
    // Every month since its creation has a stored invoice, so none is computed from (absent) usage.
    umbrella = server.tenant("Umbrella", Instant.parse("2026-10-05T00:00:00Z"), "hive");
    umbrellaInvoice = umbrella.invoice(YearMonth.of(2026, 10), InvoiceStatus.FINALIZED);
    umbrellaDraft = umbrella.invoice(LAST, InvoiceStatus.DRAFT);
    umbrellaKey = umbrella.billingKey();
  }

  static SeededServer on(Backend backend) {
    return new SeededServer(TestServer.on(backend));
  }

  static SeededServer embedded() {
    return new SeededServer(
        TestServer.on(
            DatabaseConfig.inMemory("sdk" + UUID.randomUUID().toString().replace("-", ""))));
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A client of this server with Acme's billing key, retrying nothing so failures show at once. */
  TallyClient client() {
    return TallyClient.builder().baseUrl(url()).apiKey(acmeKey).maxRetries(0).build();
  }

  /** Acme's invoices from {@code first} to {@code last}, both included, oldest first. */
  List<Invoice> invoices(YearMonth first, YearMonth last) {
    return months(first, last).stream().map(invoices::get).toList();
  }

  static Instant startOf(YearMonth month) {
    return month.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
  }

  static List<YearMonth> months(YearMonth first, YearMonth last) {
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      months.add(m);
    }
    return months;
  }

  @Override
  public void close() {
    server.close();
  }
}
