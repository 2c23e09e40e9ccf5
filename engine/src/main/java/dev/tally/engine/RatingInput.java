package dev.tally.engine;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Cluster;
import dev.tally.model.InvoiceStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the engine needs to rate one organization's period. The server gathers it; nothing
 * here is looked up later.
 *
 * <p>Start from {@link #forPeriod} and add what applies, e.g.
 *
 * <pre>{@code
 * RatingInput.forPeriod("org_acme", BillingPeriod.of(2024, 4))
 *     .withStatus(InvoiceStatus.FINALIZED)
 *     .withClusters(clustersById)
 *     .withUsage(dailyUsage)
 *     .withAdjustments(List.of(Adjustment.of("Serverless free tier", "-15.00")))
 *     .withCredits(grantBalancesAtPeriodStart);
 * }</pre>
 *
 * @param invoiceId the id the invoice gets; by default {@link InvoiceIds#monthly}
 * @param organizationId whose invoice it is; selects contract prices
 * @param period the month being rated
 * @param status stamped on the invoice; rating is the same for both (a DRAFT is the same rating
 *     done before the period closes, on the usage known so far)
 * @param clusters every cluster with usage, by id, as it is at rating time: the invoice shows each
 *     cluster as given here, so a cluster renamed mid-month appears under its latest name
 * @param usage the period's daily usage rows, in any order and grouping
 * @param adjustments the period's organization-level adjustments, in the order they appear on the
 *     invoice (discounts are applied, and capped, in this order)
 * @param credits each credit grant with its remaining amount at the period's start; grants that are
 *     not active in the period may be included and are simply not drawn from
 */
public record RatingInput(
    String invoiceId,
    String organizationId,
    BillingPeriod period,
    InvoiceStatus status,
    Map<String, Cluster> clusters,
    List<DailyUsage> usage,
    List<Adjustment> adjustments,
    List<GrantBalance> credits) {

  public RatingInput {
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(status, "status");
    if (invoiceId.isBlank()) {
      throw new IllegalArgumentException("invoiceId must not be blank");
    }
    if (organizationId.isBlank()) {
      throw new IllegalArgumentException("organizationId must not be blank");
    }
    if (status == InvoiceStatus.UNKNOWN) {
      throw new IllegalArgumentException("status must be DRAFT or FINALIZED");
    }
    clusters = Map.copyOf(clusters);
    usage = List.copyOf(usage);
    adjustments = List.copyOf(adjustments);
    credits = List.copyOf(credits);
  }

  /** A DRAFT with the default invoice id and no clusters, usage, adjustments or credits. */
  public static RatingInput forPeriod(String organizationId, BillingPeriod period) {
    return new RatingInput(
        InvoiceIds.monthly(organizationId, period),
        organizationId,
        period,
        InvoiceStatus.DRAFT,
        Map.of(),
        List.of(),
        List.of(),
        List.of());
  }

  public RatingInput withInvoiceId(String newInvoiceId) {
    return new RatingInput(
        newInvoiceId, organizationId, period, status, clusters, usage, adjustments, credits);
  }

  public RatingInput withStatus(InvoiceStatus newStatus) {
    return new RatingInput(
        invoiceId, organizationId, period, newStatus, clusters, usage, adjustments, credits);
  }

  public RatingInput withClusters(Map<String, Cluster> newClusters) {
    return new RatingInput(
        invoiceId, organizationId, period, status, newClusters, usage, adjustments, credits);
  }

  public RatingInput withUsage(List<DailyUsage> newUsage) {
    return new RatingInput(
        invoiceId, organizationId, period, status, clusters, newUsage, adjustments, credits);
  }

  public RatingInput withAdjustments(List<Adjustment> newAdjustments) {
    return new RatingInput(
        invoiceId, organizationId, period, status, clusters, usage, newAdjustments, credits);
  }

  public RatingInput withCredits(List<GrantBalance> newCredits) {
    return new RatingInput(
        invoiceId, organizationId, period, status, clusters, usage, adjustments, newCredits);
  }
}
