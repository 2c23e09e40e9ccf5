package dev.tally.billing;

import dev.tally.model.Cluster;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.QuantityUnit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random but valid rating scenarios for the property tests: a price book whose SKUs may change price
 * mid-month (sometimes to the same price) and may carry contract overrides, usage rows of several
 * clusters with quantities of mixed scale, adjustments of both signs (sometimes bigger than the
 * charges), and credit grants that start, expire or run out anywhere around the period.
 */
final class BillingArbitraries {

  static final String ORG = "org_prop";
  static final String OTHER_ORG = "org_other";

  record SkuSpec(String sku, String description, QuantityUnit unit) {}

  static final List<SkuSpec> SKUS = List.of(
      new SkuSpec("compute", "Compute", QuantityUnit.VCPU_HOURS),
      new SkuSpec("ru", "Request units", QuantityUnit.REQUEST_UNITS),
      new SkuSpec("storage", "Storage", QuantityUnit.GIB_HOURS));

  static final Map<String, Cluster> CLUSTERS = Fixtures.clusters(
      Fixtures.cluster("c-1", "orders"),
      Fixtures.cluster("c-2", "analytics"),
      Fixtures.cluster("c-3", "orders")); // same name as c-1: the id breaks the tie

  record Scenario(PriceBook priceBook, RatingInput input) {
    RatedInvoice rate() {
      return new InvoiceAssembler(priceBook).assemble(input);
    }
  }

  private BillingArbitraries() {}

  static Arbitrary<Scenario> scenarios() {
    Arbitrary<BillingPeriod> periods = Arbitraries.integers().between(0, 35)
        .map(i -> new BillingPeriod(YearMonth.of(2023, 1).plusMonths(i)));
    return periods.flatMap(period -> Combinators.combine(
            priceBooks(period), usage(period), adjustments(), grants(period),
            Arbitraries.of(InvoiceStatus.DRAFT, InvoiceStatus.FINALIZED))
        .as((book, usage, adjustments, grants, status) -> new Scenario(book,
            RatingInput.forPeriod(ORG, period)
                .withStatus(status)
                .withClusters(CLUSTERS)
                .withUsage(usage)
                .withAdjustments(adjustments)
                .withCredits(grants))))
        // jqwik's edge cases would make about half the lists empty; zeros are mixed in explicitly instead.
        .withoutEdgeCases();
  }

  /** Exact non-negative decimals with 0..maxScale places, e.g. 1234.5678. */
  static Arbitrary<BigDecimal> decimals(long maxUnscaled, int maxScale) {
    return Combinators.combine(
            Arbitraries.longs().between(0, maxUnscaled), Arbitraries.integers().between(0, maxScale))
        .as(BigDecimal::valueOf);
  }

  static Arbitrary<BigDecimal> unitPrices() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(BigDecimal.ZERO)), Tuple.of(15, decimals(2_000_000, 8)));
  }

  static Arbitrary<PriceBook> priceBooks(BillingPeriod period) {
    List<Arbitrary<List<Price>>> versions = SKUS.stream().map(s -> versions(s, period)).toList();
    List<Arbitrary<Optional<PriceOverride>>> overrides = new ArrayList<>();
    for (SkuSpec sku : SKUS) {
      overrides.add(override(ORG, sku, period));
      overrides.add(override(OTHER_ORG, sku, period));
    }
    return Combinators.combine(
            Combinators.combine(versions).as(lists -> lists.stream().flatMap(List::stream).toList()),
            Combinators.combine(overrides).as(os -> os.stream().flatMap(Optional::stream).toList()))
        .as(PriceBook::new);
  }

  /** A list price since long before the period, and maybe a second one from a day in the period. */
  private static Arbitrary<List<Price>> versions(SkuSpec sku, BillingPeriod period) {
    return Combinators.combine(
            unitPrices(), unitPrices(),
            Arbitraries.integers().between(0, 2), // 0: no change, 1: new price, 2: same price again
            Arbitraries.integers().between(0, period.lengthInDays() - 1))
        .as((first, second, change, offset) -> {
          Price initial = new Price(sku.sku(), sku.description(), sku.unit(), first, LocalDate.of(2020, 1, 1));
          if (change == 0) {
            return List.of(initial);
          }
          BigDecimal later = change == 1 ? second : first.setScale(first.scale() + 1);
          return List.of(initial, initial.at(later, period.firstDay().plusDays(offset)));
        });
  }

  private static Arbitrary<Optional<PriceOverride>> override(String org, SkuSpec sku, BillingPeriod period) {
    return Combinators.combine(
            Arbitraries.of(true, false, false),
            unitPrices(),
            Arbitraries.integers().between(-10, period.lengthInDays() - 1))
        .as((present, price, offset) -> present
            ? Optional.of(new PriceOverride(org, sku.sku(), price, period.firstDay().plusDays(offset)))
            : Optional.empty());
  }

  static Arbitrary<List<DailyUsage>> usage(BillingPeriod period) {
    return Combinators.combine(
            Arbitraries.of(CLUSTERS.keySet()),
            Arbitraries.of(SKUS).map(SkuSpec::sku),
            Arbitraries.integers().between(0, period.lengthInDays() - 1),
            // Small and large quantities, so totals range from cents to millions.
            Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(BigDecimal.ZERO)),
                Tuple.of(5, decimals(50_000, 4)),
                Tuple.of(5, decimals(50_000_000, 4))))
        .as((cluster, sku, offset, quantity) ->
            new DailyUsage(cluster, sku, period.firstDay().plusDays(offset), quantity))
        .list().ofMaxSize(40);
  }

  static Arbitrary<List<Adjustment>> adjustments() {
    return Combinators.combine(
            Arbitraries.of("Serverless free tier", "Premium support", "Goodwill credit"),
            // Mostly modest amounts; sometimes a discount far larger than any charge, to hit the cap.
            Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(-500_000, 300_000)),
                Tuple.of(1, Arbitraries.longs().between(-100_000_000_000L, 0))))
        .as((name, cents) -> new Adjustment(name, BigDecimal.valueOf(cents, 2)))
        .list().ofMaxSize(3);
  }

  record GrantSpec(long amountCents, long spentCents, long startOffsetHours, long durationHours) {}

  static Arbitrary<List<GrantBalance>> grants(BillingPeriod period) {
    Arbitrary<GrantSpec> specs = Combinators.combine(
            Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.longs().between(0, 2_000_000)),
                Tuple.of(1, Arbitraries.longs().between(0, 100_000_000_000L))),
            Arbitraries.longs().between(0, 2_500_000),
            Arbitraries.longs().between(-24 * 40, 24 * 35),
            Arbitraries.longs().between(1, 24 * 90))
        .as(GrantSpec::new);
    return specs.list().ofMinSize(0).ofMaxSize(4).map(list -> {
      List<GrantBalance> balances = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        GrantSpec spec = list.get(i);
        var start = period.start().plus(Duration.ofHours(spec.startOffsetHours()));
        CreditGrant grant = new CreditGrant("g" + i, BigDecimal.valueOf(spec.amountCents(), 2), start,
            start.plus(Duration.ofHours(spec.durationHours())));
        long remaining = Math.max(0, spec.amountCents() - spec.spentCents());
        balances.add(new GrantBalance(grant, BigDecimal.valueOf(remaining, 2)));
      }
      return balances;
    });
  }
}
