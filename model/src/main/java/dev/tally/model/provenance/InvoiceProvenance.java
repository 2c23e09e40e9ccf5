package dev.tally.model.provenance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where every amount of one invoice comes from: the body of {@code GET
 * /tally/v1/invoices/{invoice_id}/provenance}.
 *
 * @param invoiceId the invoice explained
 * @param status {@code DRAFT} (usage so far; may still change) or {@code FINALIZED}
 * @param periodStart inclusive, UTC
 * @param periodEnd exclusive, UTC
 * @param digest a FINALIZED invoice's digest (lowercase hex SHA-256, docs/billing-model.md "The
 *     digest"); absent for a DRAFT
 * @param lineItems one per line item of the invoice, in the invoice's order
 * @param credits the credit draws behind the "Credits applied" adjustments, by day then in the
 *     order drawn; their sum is the credits applied
 * @param adjustments the operator's adjustments of the month, in the invoice's order (which is the
 *     order applied); the invoice's {@code adjustments} are these, then the credits pair
 */
public record InvoiceProvenance(
    @JsonProperty("invoice_id") String invoiceId,
    String status,
    @JsonProperty("period_start") Instant periodStart,
    @JsonProperty("period_end") Instant periodEnd,
    String digest,
    @JsonProperty("line_items") List<LineProvenance> lineItems,
    List<CreditDrawRow> credits,
    List<AdjustmentRow> adjustments) {

  public InvoiceProvenance {
    Objects.requireNonNull(invoiceId, "invoice_id");
    lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    credits = credits == null ? List.of() : List.copyOf(credits);
    adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
  }
}
