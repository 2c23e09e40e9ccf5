package dev.tally.engine;

import static dev.tally.engine.Fixtures.adjustment;
import static dev.tally.engine.Fixtures.cluster;
import static dev.tally.engine.Fixtures.clusters;
import static dev.tally.engine.Fixtures.credits;
import static dev.tally.engine.Fixtures.dec;
import static dev.tally.engine.Fixtures.everyDay;
import static dev.tally.engine.Fixtures.line;
import static dev.tally.engine.Fixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Cluster;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.OpenEnum;
import dev.tally.model.QuantityUnit;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/billing-model.md, to the cent. If this test changes, the document must
 * change with it.
 */
class BillingModelWorkedExampleTest {

  static final PriceBook PRICES =
      PriceBook.of(
          List.of(
              Price.of(
                  "basic.request_units",
                  "Basic request units",
                  QuantityUnit.REQUEST_UNITS,
                  "0.0000002",
                  "2024-01-01"),
              Price.of(
                  "basic.request_units",
                  "Basic request units",
                  QuantityUnit.REQUEST_UNITS,
                  "0.00000025",
                  "2024-04-16"),
              Price.of(
                  "basic.storage",
                  "Basic storage",
                  QuantityUnit.GIB_HOURS,
                  "0.000685",
                  "2024-01-01")));

  static final Cluster ORDERS = cluster("c-orders", "orders");
  static final Cluster ANALYTICS = cluster("c-analytics", "analytics");

  static final CreditGrant PROMO =
      CreditGrant.of("grant-promo", "40.00", "2024-01-01T00:00:00Z", "2024-04-11T00:00:00Z");
  static final CreditGrant ANNUAL =
      CreditGrant.of("grant-annual", "30.00", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
  static final CreditGrant MAY =
      CreditGrant.of("grant-may", "50.00", "2024-05-01T00:00:00Z", "2024-08-01T00:00:00Z");

  static RatedInvoice rateApril() {
    return new InvoiceAssembler(PRICES).assemble(aprilInput());
  }

  static RatingInput aprilInput() {
    List<DailyUsage> usage = new ArrayList<>();
    usage.addAll(
        everyDay("c-orders", "basic.request_units", "2024-04-01", "2024-04-30", "10000000"));
    usage.addAll(everyDay("c-orders", "basic.storage", "2024-04-01", "2024-04-30", "240"));
    usage.add(
        DailyUsage.of(
            "c-analytics", "basic.request_units", LocalDate.parse("2024-04-20"), "500000"));
    usage.add(
        DailyUsage.of("c-analytics", "basic.storage", LocalDate.parse("2024-04-20"), "1234.5"));

    RatingInput input =
        RatingInput.forPeriod("org_acme", BillingPeriod.of(2024, 4))
            .withStatus(InvoiceStatus.FINALIZED)
            .withClusters(clusters(ORDERS, ANALYTICS))
            .withUsage(usage)
            .withAdjustments(
                List.of(
                    Adjustment.of("Serverless free tier", "-15.00"),
                    Adjustment.of("Premium support", "25.00")))
            .withCredits(
                List.of(
                    GrantBalance.unused(PROMO),
                    GrantBalance.unused(ANNUAL),
                    GrantBalance.unused(MAY)));
    return input;
  }

  @Test
  void invoiceMatchesTheDocumentToTheCent() {
    Invoice expected =
        new Invoice(
            "inv_org_acme_2024-04",
            Instant.parse("2024-04-01T00:00:00Z"),
            Instant.parse("2024-05-01T00:00:00Z"),
            OpenEnum.of(InvoiceStatus.FINALIZED),
            List.of(usd("21.76"), credits("61.64")),
            List.of(credits("50.00")),
            List.of(
                adjustment("Serverless free tier", usd("-15.00")),
                adjustment("Premium support", usd("25.00")),
                adjustment("Credits applied", usd("-61.64")),
                adjustment("Credits applied", credits("61.64"))),
            List.of(
                new InvoiceItem(
                    ANALYTICS,
                    List.of(
                        line(
                            "Basic request units",
                            QuantityUnit.REQUEST_UNITS,
                            "500000",
                            "0.00000025",
                            "0.12"),
                        line(
                            "Basic storage", QuantityUnit.GIB_HOURS, "1234.5", "0.000685", "0.85")),
                    List.of(usd("0.97"))),
                new InvoiceItem(
                    ORDERS,
                    List.of(
                        line(
                            "Basic request units",
                            QuantityUnit.REQUEST_UNITS,
                            "150000000",
                            "0.0000002",
                            "30.00"),
                        line(
                            "Basic request units",
                            QuantityUnit.REQUEST_UNITS,
                            "150000000",
                            "0.00000025",
                            "37.50"),
                        line("Basic storage", QuantityUnit.GIB_HOURS, "7200", "0.000685", "4.93")),
                    List.of(usd("72.43")))),
            List.of());

    assertThat(rateApril().invoice()).isEqualTo(expected);
  }

  @Test
  void creditLedgerMatchesTheDocument() {
    CreditLedger ledger = rateApril().credits();

    assertThat(ledger.drawnByGrant())
        .containsExactly(
            java.util.Map.entry("grant-promo", dec("31.64")),
            java.util.Map.entry("grant-annual", dec("30.00")));
    // The promo grant pays days 1-10 (day 1: 2.16 of usage + 25.00 support - 15.00 free tier).
    assertThat(ledger.draws().get(0))
        .isEqualTo(new CreditDraw("grant-promo", LocalDate.parse("2024-04-01"), dec("12.16")));
    assertThat(ledger.draws())
        .filteredOn(d -> d.grantId().equals("grant-promo"))
        .allMatch(d -> !d.day().isAfter(LocalDate.parse("2024-04-10")));
    // The annual grant takes over on day 11 and runs out on day 22, paying 2.22 of that day's 2.67.
    assertThat(ledger.draws())
        .filteredOn(d -> d.grantId().equals("grant-annual"))
        .first()
        .extracting(CreditDraw::day)
        .isEqualTo(LocalDate.parse("2024-04-11"));
    assertThat(ledger.draws())
        .last()
        .isEqualTo(new CreditDraw("grant-annual", LocalDate.parse("2024-04-22"), dec("2.22")));
    assertThat(ledger.closing())
        .extracting(GrantBalance::grantId, GrantBalance::remaining)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("grant-promo", dec("8.36")),
            org.assertj.core.groups.Tuple.tuple("grant-annual", dec("0.00")),
            org.assertj.core.groups.Tuple.tuple("grant-may", dec("50.00")));
  }
}
