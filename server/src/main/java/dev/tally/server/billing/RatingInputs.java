package dev.tally.server.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.BillingPeriod;
import dev.tally.engine.DailyUsage;
import dev.tally.engine.GrantBalance;
import dev.tally.engine.InvoiceIds;
import dev.tally.engine.RatingInput;
import dev.tally.model.Cluster;
import dev.tally.model.InvoiceStatus;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what the engine needs to rate one organization's month: clusters, daily usage, adjustments. */
final class RatingInputs {

  private final ObjectMapper json;
  private final AdjustmentStore adjustments;

  RatingInputs(ObjectMapper json, AdjustmentStore adjustments) {
    this.json = json;
    this.adjustments = adjustments;
  }

  RatingInput read(Connection c, String organizationId, BillingPeriod period, InvoiceStatus status,
      List<GrantBalance> credits) throws SQLException {
    return RatingInput.forPeriod(organizationId, period)
        .withInvoiceId(InvoiceIds.monthly(organizationId, period))
        .withStatus(status)
        .withClusters(clusters(c, organizationId))
        .withUsage(usage(c, organizationId, period))
        .withAdjustments(adjustments.forPeriod(c, organizationId, period))
        .withCredits(credits);
  }

  /** The clusters as they are now: an invoice shows a cluster's name at the time it is rated or closed. */
  private Map<String, Cluster> clusters(Connection c, String organizationId) throws SQLException {
    Map<String, Cluster> clusters = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT id, body FROM clusters WHERE organization_id = ?")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          try {
            clusters.put(rows.getString("id"), json.readValue(rows.getString("body"), Cluster.class));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    return clusters;
  }

  private static List<DailyUsage> usage(Connection c, String organizationId, BillingPeriod period) throws SQLException {
    List<DailyUsage> usage = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT cluster_id, sku, usage_day, quantity FROM usage_daily"
            + " WHERE organization_id = ? AND usage_day >= ? AND usage_day < ?")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      s.setDate(3, Date.valueOf(period.next().firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          usage.add(new DailyUsage(rows.getString(1), rows.getString(2), rows.getObject(3, java.time.LocalDate.class),
              rows.getBigDecimal(4)));
        }
      }
    }
    return usage;
  }
}
