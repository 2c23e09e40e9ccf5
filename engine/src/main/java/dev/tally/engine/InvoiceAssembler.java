package dev.tally.engine;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Cluster;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.OpenEnum;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engine's entry point: rates one organization's period into an exact {@link Invoice}.
 *
 * <ol>
 *   <li>Usage is priced per day ({@link UsageRating}) into line items, one per (SKU, unit price)
 *       per cluster; each line's total is its exact amount rounded once to cents ({@link Cents}).
 *   <li>Invoice items, one per cluster with usage, are sorted by the cluster's snapshot name, then
 *       id; an item's USD total is the sum of its lines' totals.
 *   <li>Adjustments: positive ones (charges) are added; negative ones (discounts) are then applied
 *       in the given order, each capped so the USD total never goes below zero. The invoice shows
 *       the amount that applied.
 *   <li>Credits pay what is left, day by day ({@link CreditAllocator}). What they paid shows as an
 *       adjustment pair named {@value #CREDITS_APPLIED}: −X USD and +X CRDB_CLOUD_CREDITS.
 *   <li>{@code totals}, per currency, = Σ item totals + Σ adjustments: USD is the amount due
 *       (always present, {@code 0.00} if nothing), CRDB_CLOUD_CREDITS the credits consumed (present
 *       only if credits were drawn). {@code balances} is always one CRDB_CLOUD_CREDITS amount: what
 *       is left, after this period's draws, in the grants active at the period's end.
 * </ol>
 *
 * <p>Stateless apart from its price book, so one instance may serve all threads.
 */
public final class InvoiceAssembler {

  /** Name of the adjustment pair that shows what credits paid. */
  public static final String CREDITS_APPLIED = InvoiceAdjustment.CREDITS_APPLIED;

  private static final Comparator<InvoiceItem> ITEM_ORDER =
      Comparator.comparing((InvoiceItem item) -> item.cluster().name())
          .thenComparing(item -> item.cluster().id());

  private final PriceBook priceBook;

  public InvoiceAssembler(PriceBook priceBook) {
    this.priceBook = Objects.requireNonNull(priceBook, "priceBook");
  }

  public PriceBook priceBook() {
    return priceBook;
  }

  /**
   * Rates the period.
   *
   * @return the invoice and the credit draws behind it
   * @throws RatingException if the input cannot be rated (the message names the offending row)
   */
  public RatedInvoice assemble(RatingInput input) {
    Objects.requireNonNull(input, "input");
    checkClusterSnapshots(input);
    checkCreditGrants(input);
    BillingPeriod period = input.period();

    List<RatedLine> lines = UsageRating.rate(priceBook, input);
    List<InvoiceItem> items = invoiceItems(lines, input.clusters());

    ChargeSchedule schedule = new ChargeSchedule(period);
    for (RatedLine line : lines) {
      line.centsByDay().forEach(schedule::charge);
    }
    List<InvoiceAdjustment> adjustments = applyAdjustments(input.adjustments(), schedule);

    CreditLedger credits = CreditAllocator.allocate(schedule, input.credits());
    BigDecimal creditsApplied = credits.totalDrawn();
    if (creditsApplied.signum() > 0) {
      adjustments.add(new InvoiceAdjustment(CREDITS_APPLIED, usd(creditsApplied.negate())));
      adjustments.add(
          new InvoiceAdjustment(
              CREDITS_APPLIED, CurrencyAmount.of(creditsApplied, Currency.CRDB_CLOUD_CREDITS)));
    }

    Invoice invoice =
        new Invoice(
            input.invoiceId(),
            period.start(),
            period.end(),
            OpenEnum.of(input.status()),
            totals(items, adjustments),
            List.of(
                CurrencyAmount.of(credits.balanceAt(period.end()), Currency.CRDB_CLOUD_CREDITS)),
            adjustments,
            items,
            List.of());
    return new RatedInvoice(invoice, credits);
  }

  private static void checkClusterSnapshots(RatingInput input) {
    input
        .clusters()
        .forEach(
            (id, cluster) -> {
              if (!id.equals(cluster.id())) {
                throw new RatingException(
                    "cluster snapshot under key " + id + " is of cluster " + cluster.id());
              }
            });
  }

  private static void checkCreditGrants(RatingInput input) {
    Set<String> seen = new HashSet<>();
    for (GrantBalance balance : input.credits()) {
      if (!seen.add(balance.grantId())) {
        throw new RatingException("credit grant " + balance.grantId() + " is listed twice");
      }
    }
  }

  private static List<InvoiceItem> invoiceItems(
      List<RatedLine> lines, Map<String, Cluster> clusters) {
    Map<String, List<RatedLine>> byCluster =
        lines.stream().collect(Collectors.groupingBy(RatedLine::clusterId));
    List<InvoiceItem> items = new ArrayList<>();
    byCluster.forEach(
        (clusterId, clusterLines) -> {
          var lineItems =
              clusterLines.stream()
                  .sorted(RatedLine.LINE_ORDER)
                  .map(RatedLine::toLineItem)
                  .toList();
          BigDecimal total =
              clusterLines.stream().map(RatedLine::total).reduce(Cents.ZERO, BigDecimal::add);
          items.add(new InvoiceItem(clusters.get(clusterId), lineItems, List.of(usd(total))));
        });
    items.sort(ITEM_ORDER);
    return items;
  }

  /**
   * Charges first, on the period's first day, so that the cap on discounts is against everything
   * charged; then discounts in the given order, each taking what it can from the schedule. Returns
   * the adjustments as applied, in the given order.
   */
  private static List<InvoiceAdjustment> applyAdjustments(
      List<Adjustment> adjustments, ChargeSchedule schedule) {
    for (Adjustment adjustment : adjustments) {
      if (!adjustment.isDiscount()) {
        schedule.charge(schedule.period().firstDay(), adjustment.amount());
      }
    }
    List<InvoiceAdjustment> applied = new ArrayList<>();
    for (Adjustment adjustment : adjustments) {
      BigDecimal amount =
          adjustment.isDiscount()
              ? schedule.discount(adjustment.amount().negate()).negate()
              : adjustment.amount();
      applied.add(new InvoiceAdjustment(adjustment.name(), usd(amount)));
    }
    return applied;
  }

  /** Per currency, Σ item totals + Σ adjustments; USD always, other currencies when they occur. */
  private static List<CurrencyAmount> totals(
      List<InvoiceItem> items, List<InvoiceAdjustment> adjustments) {
    Map<Currency, BigDecimal> sums = new EnumMap<>(Currency.class);
    sums.put(Currency.USD, Cents.ZERO);
    for (InvoiceItem item : items) {
      item.totals().forEach(t -> sums.merge(t.currency().value(), t.amount(), BigDecimal::add));
    }
    for (InvoiceAdjustment adjustment : adjustments) {
      CurrencyAmount a = adjustment.amount();
      sums.merge(a.currency().value(), a.amount(), BigDecimal::add);
    }
    return sums.entrySet().stream().map(e -> CurrencyAmount.of(e.getValue(), e.getKey())).toList();
  }

  private static CurrencyAmount usd(BigDecimal amount) {
    return CurrencyAmount.of(amount, Currency.USD);
  }
}
