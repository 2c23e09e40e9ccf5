package dev.tally.model.provenance;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What one line item is made of: the line item {@code line} of the invoice item {@code item} (both
 * 0-based, in the invoice's own order), its cluster and SKU, and its days.
 *
 * @param item index into the invoice's {@code invoice_items}
 * @param line index into that item's {@code line_items}
 * @param clusterId the cluster the usage is of
 * @param clusterName its name as the invoice shows it
 * @param sku the price book SKU (the invoice shows only its description)
 * @param description as on the line item
 * @param quantityUnit as on the line item
 * @param unitCost as on the line item, USD per unit
 * @param quantity as on the line item: the exact sum of the days' quantities
 * @param total the line item's USD total: the exact sum of the days' amounts
 * @param days by day ascending; only days with usage
 */
public record LineProvenance(
    int item,
    int line,
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("cluster_name") String clusterName,
    String sku,
    String description,
    @JsonProperty("quantity_unit") String quantityUnit,
    @JsonProperty("unit_cost") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitCost,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total,
    List<DayRow> days) {

  public LineProvenance {
    Objects.requireNonNull(clusterId, "cluster_id");
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(unitCost, "unit_cost");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(total, "total");
    days = days == null ? List.of() : List.copyOf(days);
  }
}
