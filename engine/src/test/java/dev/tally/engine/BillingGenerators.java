package dev.tally.engine;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tally.model.BillingPeriod;
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
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of random but valid rating scenarios for the property tests: a price
 * book whose SKUs may change price mid-month (sometimes to the same price) and may carry contract
 * overrides, usage rows of several clusters with quantities of mixed scale, adjustments of both
 * signs (sometimes bigger than the charges), and credit grants that start, expire or run out
 * anywhere around the period.
 *
 * <p>Every choice shrinks towards the simpler case (no price change, no override, zero, an empty
 * list), so a failing property reports a smaller scenario than the one it first failed on. The
 * report ends with "Seed was N"; {@code ./mvnw -pl engine test -Dtest=TheTest -DQT_SEED=N} replays
 * the same examples (add {@code -DQT_SHRINKS=2000} to cut shrinking short; the default is 100,000
 * attempts).
 */
final class BillingGenerators {

  static final String ORG = "org_prop";
  static final String OTHER_ORG = "org_other";

  record SkuSpec(String sku, String description, QuantityUnit unit) {}

  static final List<SkuSpec> SKUS =
      List.of(
          new SkuSpec("compute", "Compute", QuantityUnit.VCPU_HOURS),
          new SkuSpec("ru", "Request units", QuantityUnit.REQUEST_UNITS),
          new SkuSpec("storage", "Storage", QuantityUnit.GIB_HOURS));

  static final Map<String, Cluster> CLUSTERS =
      Fixtures.clusters(
          Fixtures.cluster("c-1", "orders"),
          Fixtures.cluster("c-2", "analytics"),
          Fixtures.cluster("c-3", "orders")); // same name as c-1: the id breaks the tie

  record Scenario(PriceBook priceBook, RatingInput input) {
    RatedInvoice rate() {
      return new InvoiceAssembler(priceBook).assemble(input);
    }

    /** What a failing property prints: everything generated, without the fixed cluster records. */
    @Override
    public String toString() {
      return "Scenario[period="
          + input.period()
          + ", status="
          + input.status()
          + ",\n  prices="
          + priceBook.prices()
          + ",\n  overrides="
          + priceBook.overrides()
          + ",\n  usage="
          + input.usage()
          + ",\n  adjustments="
          + input.adjustments()
          + ",\n  credits="
          + input.credits()
          + "]";
    }
  }

  private BillingGenerators() {}

  static Gen<Scenario> scenarios() {
    Gen<BillingPeriod> periods =
        integers().between(0, 35).map(i -> new BillingPeriod(YearMonth.of(2023, 1).plusMonths(i)));
    Gen<InvoiceStatus> statuses =
        Generate.pick(List.of(InvoiceStatus.DRAFT, InvoiceStatus.FINALIZED));
    return periods.flatMap(
        period ->
            priceBooks(period)
                .zip(
                    usage(period),
                    adjustments(),
                    grants(period),
                    statuses,
                    (book, usage, adjustments, grants, status) ->
                        new Scenario(
                            book,
                            RatingInput.forPeriod(ORG, period)
                                .withStatus(status)
                                .withClusters(CLUSTERS)
                                .withUsage(usage)
                                .withAdjustments(adjustments)
                                .withCredits(grants))));
  }

  /** Exact non-negative decimals with 0..maxScale places, e.g. 1234.5678. */
  static Gen<BigDecimal> decimals(long maxUnscaled, int maxScale) {
    return longs()
        .between(0, maxUnscaled)
        .zip(integers().between(0, maxScale), BigDecimal::valueOf);
  }

  static Gen<BigDecimal> unitPrices() {
    return Generate.frequency(
        Pair.of(1, Generate.constant(BigDecimal.ZERO)), Pair.of(15, decimals(2_000_000, 8)));
  }

  static Gen<PriceBook> priceBooks(BillingPeriod period) {
    List<Gen<List<Price>>> versions = SKUS.stream().map(s -> versions(s, period)).toList();
    List<Gen<Optional<PriceOverride>>> overrides = new ArrayList<>();
    for (SkuSpec sku : SKUS) {
      overrides.add(override(ORG, sku, period));
      overrides.add(override(OTHER_ORG, sku, period));
    }
    return all(versions)
        .map(lists -> lists.stream().flatMap(List::stream).toList())
        .zip(
            all(overrides).map(os -> os.stream().flatMap(Optional::stream).toList()),
            PriceBook::new);
  }

  /** A list price since long before the period, and maybe a second one from a day in the period. */
  private static Gen<List<Price>> versions(SkuSpec sku, BillingPeriod period) {
    return unitPrices()
        .zip(
            unitPrices(),
            integers().between(0, 2), // 0: no change, 1: new price, 2: same price again
            integers().between(0, period.lengthInDays() - 1),
            (first, second, change, offset) -> {
              Price initial =
                  new Price(
                      sku.sku(), sku.description(), sku.unit(), first, LocalDate.of(2020, 1, 1));
              if (change == 0) {
                return List.of(initial);
              }
              BigDecimal later = change == 1 ? second : first.setScale(first.scale() + 1);
              return List.of(initial, initial.at(later, period.firstDay().plusDays(offset)));
            });
  }

  /** A contract price one time in three, starting up to ten days before the period or within it. */
  private static Gen<Optional<PriceOverride>> override(
      String org, SkuSpec sku, BillingPeriod period) {
    Gen<Boolean> present =
        Generate.frequency(
            Pair.of(2, Generate.constant(false)), Pair.of(1, Generate.constant(true)));
    return present.zip(
        unitPrices(),
        integers().between(-10, period.lengthInDays() - 1),
        (isPresent, price, offset) ->
            isPresent
                ? Optional.of(
                    new PriceOverride(org, sku.sku(), price, period.firstDay().plusDays(offset)))
                : Optional.empty());
  }

  static Gen<List<DailyUsage>> usage(BillingPeriod period) {
    Gen<DailyUsage> rows =
        Generate.pick(List.copyOf(CLUSTERS.keySet()))
            .zip(
                Generate.pick(SKUS).map(SkuSpec::sku),
                integers().between(0, period.lengthInDays() - 1),
                // Small and large quantities, so totals range from cents to millions.
                Generate.frequency(
                    Pair.of(1, Generate.constant(BigDecimal.ZERO)),
                    Pair.of(5, decimals(50_000, 4)),
                    Pair.of(5, decimals(50_000_000, 4))),
                (cluster, sku, offset, quantity) ->
                    new DailyUsage(cluster, sku, period.firstDay().plusDays(offset), quantity));
    return lists().of(rows).ofSizeBetween(0, 40);
  }

  static Gen<List<Adjustment>> adjustments() {
    Gen<Adjustment> adjustment =
        Generate.pick(List.of("Serverless free tier", "Premium support", "Goodwill credit"))
            .zip(
                // Mostly modest amounts; sometimes a discount far larger than any charge, to hit
                // the cap.
                Generate.frequency(
                    Pair.of(3, longs().between(-500_000, 300_000)),
                    Pair.of(1, longs().between(-100_000_000_000L, 0))),
                (name, cents) -> new Adjustment(name, BigDecimal.valueOf(cents, 2)));
    return lists().of(adjustment).ofSizeBetween(0, 3);
  }

  record GrantSpec(long amountCents, long spentCents, long startOffsetHours, long durationHours) {}

  static Gen<List<GrantBalance>> grants(BillingPeriod period) {
    Gen<GrantSpec> specs =
        Generate.frequency(
                Pair.of(1, longs().between(0, 2_000_000)),
                Pair.of(1, longs().between(0, 100_000_000_000L)))
            .zip(
                longs().between(0, 2_500_000),
                longs().between(-24 * 40, 24 * 35),
                longs().between(1, 24 * 90),
                GrantSpec::new);
    return lists()
        .of(specs)
        .ofSizeBetween(0, 4)
        .map(
            list -> {
              List<GrantBalance> balances = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                GrantSpec spec = list.get(i);
                var start = period.start().plus(Duration.ofHours(spec.startOffsetHours()));
                CreditGrant grant =
                    new CreditGrant(
                        "g" + i,
                        BigDecimal.valueOf(spec.amountCents(), 2),
                        start,
                        start.plus(Duration.ofHours(spec.durationHours())));
                long remaining = Math.max(0, spec.amountCents() - spec.spentCents());
                balances.add(new GrantBalance(grant, BigDecimal.valueOf(remaining, 2)));
              }
              return balances;
            });
  }

  /** One value from each generator, in order. */
  private static <T> Gen<List<T>> all(List<Gen<T>> gens) {
    return in -> {
      List<T> values = new ArrayList<>(gens.size());
      for (Gen<T> gen : gens) {
        values.add(gen.generate(in));
      }
      return values;
    };
  }
}
