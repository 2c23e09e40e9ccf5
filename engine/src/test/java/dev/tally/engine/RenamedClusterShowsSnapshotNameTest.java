package dev.tally.engine;

import static dev.tally.engine.Fixtures.cluster;
import static dev.tally.engine.Fixtures.clusters;
import static dev.tally.engine.Fixtures.everyDay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Cluster;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.QuantityUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Usage rows carry only the cluster id; the invoice shows each cluster as the snapshot given at
 * rating time, and sorts by that name.
 */
class RenamedClusterShowsSnapshotNameTest {

  static final PriceBook PRICES =
      PriceBook.of(
          List.of(
              Price.of(
                  "standard.compute",
                  "Standard compute",
                  QuantityUnit.VCPU_HOURS,
                  "0.10",
                  "2024-01-01")));

  static List<DailyUsage> usage() {
    List<DailyUsage> usage = new ArrayList<>();
    usage.addAll(everyDay("c-1", "standard.compute", "2024-04-01", "2024-04-30", "10"));
    usage.addAll(everyDay("c-2", "standard.compute", "2024-04-01", "2024-04-30", "20"));
    return usage;
  }

  @Test
  void aClusterRenamedMidMonthShowsTheNameAtClose() {
    // c-1 was "zz-legacy" until 15 April, then renamed "payments-prod".
    Cluster renamed = cluster("c-1", "zz-legacy").withName("payments-prod");

    Invoice invoice =
        new InvoiceAssembler(PRICES)
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 4))
                    .withClusters(clusters(renamed, cluster("c-2", "checkout")))
                    .withUsage(usage()))
            .invoice();

    assertThat(invoice.invoiceItems())
        .extracting(item -> item.cluster().name())
        .containsExactly("checkout", "payments-prod");
    assertThat(invoice.invoiceItems().get(1).cluster()).isEqualTo(renamed);
  }

  @Test
  void clustersWithTheSameNameAreOrderedById() {
    Invoice invoice =
        new InvoiceAssembler(PRICES)
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 4))
                    .withClusters(clusters(cluster("c-2", "prod"), cluster("c-1", "prod")))
                    .withUsage(usage()))
            .invoice();

    assertThat(invoice.invoiceItems())
        .extracting(InvoiceItem::cluster)
        .extracting(Cluster::id)
        .containsExactly("c-1", "c-2");
  }

  @Test
  void clustersWithoutUsageGetNoItem() {
    Invoice invoice =
        new InvoiceAssembler(PRICES)
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 4))
                    .withClusters(
                        clusters(cluster("c-1", "a"), cluster("c-2", "b"), cluster("c-3", "idle")))
                    .withUsage(usage()))
            .invoice();

    assertThat(invoice.invoiceItems())
        .extracting(item -> item.cluster().id())
        .containsExactly("c-1", "c-2");
  }
}
