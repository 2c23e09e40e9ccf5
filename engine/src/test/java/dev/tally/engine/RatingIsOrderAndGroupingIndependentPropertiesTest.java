package dev.tally.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tally.engine.BillingGenerators.Scenario;
import dev.tally.model.Cluster;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rating the same multiset of usage gives the same invoice ({@code equals()}, scales included)
 * however the rows are ordered, split or merged, and however clusters and grants are listed.
 */
class RatingIsOrderAndGroupingIndependentPropertiesTest {

  @Test
  void shufflingAndSplittingUsageRowsGivesTheSameInvoice() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios(), longs().all())
        .checkAssert(
            (scenario, seed) -> {
              Random random = new Random(seed);
              RatingInput input = scenario.input();

              List<DailyUsage> reshaped = new ArrayList<>();
              for (DailyUsage row : input.usage()) {
                if (random.nextBoolean()) {
                  // Split into two rows whose quantities have other scales but the same exact sum.
                  BigDecimal part =
                      row.quantity().multiply(BigDecimal.valueOf(random.nextInt(11), 1));
                  reshaped.add(new DailyUsage(row.clusterId(), row.sku(), row.day(), part));
                  reshaped.add(
                      new DailyUsage(
                          row.clusterId(), row.sku(), row.day(), row.quantity().subtract(part)));
                } else {
                  reshaped.add(row);
                }
              }
              Collections.shuffle(reshaped, random);
              List<GrantBalance> grants = new ArrayList<>(input.credits());
              Collections.shuffle(grants, random);

              RatingInput variant =
                  input
                      .withUsage(reshaped)
                      .withClusters(shuffled(input.clusters(), random))
                      .withCredits(grants);

              assertThat(rate(scenario, variant).invoice()).isEqualTo(scenario.rate().invoice());
            });
  }

  @Test
  void mergingRowsOfTheSameDayGivesTheSameInvoice() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              record Key(String clusterId, String sku, LocalDate day) {}
              Map<Key, BigDecimal> merged = new LinkedHashMap<>();
              for (DailyUsage row : scenario.input().usage()) {
                merged.merge(
                    new Key(row.clusterId(), row.sku(), row.day()),
                    row.quantity(),
                    BigDecimal::add);
              }
              List<DailyUsage> aggregated =
                  merged.entrySet().stream()
                      .map(
                          e ->
                              new DailyUsage(
                                  e.getKey().clusterId(),
                                  e.getKey().sku(),
                                  e.getKey().day(),
                                  e.getValue()))
                      .toList();

              RatedInvoice fromAggregates = rate(scenario, scenario.input().withUsage(aggregated));
              RatedInvoice fromRows = scenario.rate();

              assertThat(fromAggregates.invoice()).isEqualTo(fromRows.invoice());
              assertThat(fromAggregates.credits()).isEqualTo(fromRows.credits());
            });
  }

  private static RatedInvoice rate(Scenario scenario, RatingInput input) {
    return new InvoiceAssembler(scenario.priceBook()).assemble(input);
  }

  private static Map<String, Cluster> shuffled(Map<String, Cluster> clusters, Random random) {
    List<String> ids = new ArrayList<>(clusters.keySet());
    Collections.shuffle(ids, random);
    Map<String, Cluster> result = new LinkedHashMap<>();
    ids.forEach(id -> result.put(id, clusters.get(id)));
    return result;
  }
}
