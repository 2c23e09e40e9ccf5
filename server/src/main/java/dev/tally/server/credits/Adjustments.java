package dev.tally.server.credits;

import dev.tally.engine.Adjustment;
import dev.tally.model.BillingPeriod;
import dev.tally.server.errors.Failure;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Owner of {@code adjustments}: named organization-level charges or credits of one period, such as
 * a support fee (positive) or a goodwill credit (negative). They apply in the order they were
 * added, which matters for capped discounts.
 */
public final class Adjustments {

  private final Transaction db;

  public Adjustments(Transaction db) {
    this.db = db;
  }

  /**
   * Adds an adjustment to an open period.
   *
   * @param amount whole cents, in USD; negative for a credit
   * @throws Failure INVALID_ARGUMENT for a blank name or a fraction of a cent, NOT_FOUND for an
   *     unknown organization, FAILED_PRECONDITION when the period is closed or before the
   *     organization's billing start
   */
  public Adjustment add(
      String organizationId, BillingPeriod period, String name, BigDecimal amount, Instant now)
      throws SQLException {
    String shown = IdRules.requireName("an adjustment's name", name);
    Adjustment adjustment =
        new Adjustment(shown, Amounts.require("an adjustment's amount", amount));
    var org = db.organizations().require(organizationId);
    if (period.month().isBefore(org.billingStart())) {
      throw Failure.failedPrecondition(
          "organization "
              + organizationId
              + " is billed from "
              + org.billingStart()
              + "; "
              + period
              + " has no invoice to adjust");
    }
    BillingPeriod running = BillingPeriod.containing(now);
    if (period.month().isAfter(running.month())) {
      // No invoice exists yet for a month that has not begun (GET of its id is 404), and a stray
      // +9999-12 would open a billing period nobody asked for.
      throw Failure.failedPrecondition(
          "the billing period "
              + period
              + " has not begun; an adjustment goes on the invoice of the running month ("
              + running
              + ") or of an earlier one not yet finalized");
    }
    if (!db.billingPeriods().lockIfOpen(organizationId, period)) {
      throw Failure.failedPrecondition(
          "the billing period "
              + period
              + " of organization "
              + organizationId
              + " is closed; its invoice is final");
    }
    // The period's row is locked above, so no other adjustment can take the same ordinal.
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO adjustments"
                + " (id, organization_id, period_start, name, amount, created_at, ordinal)"
                + " SELECT ?, ?, ?, ?, ?, ?, COALESCE(MAX(ordinal), 0) + 1 FROM adjustments"
                + " WHERE organization_id = ? AND period_start = ?")) {
      s.setString(1, IdRules.random());
      s.setString(2, organizationId);
      s.setDate(3, Date.valueOf(period.firstDay()));
      s.setString(4, adjustment.name());
      s.setBigDecimal(5, adjustment.amount());
      JdbcColumns.setInstant(s, 6, now);
      s.setString(7, organizationId);
      s.setDate(8, Date.valueOf(period.firstDay()));
      s.executeUpdate();
    }
    return adjustment;
  }

  /**
   * Every period's adjustments of the organization, each period's in the order they were added (as
   * {@link #forPeriod} gives them), by period.
   */
  public Map<BillingPeriod, List<Adjustment>> byPeriod(String organizationId) throws SQLException {
    Map<BillingPeriod, List<Adjustment>> adjustments =
        new TreeMap<>(Comparator.comparing(BillingPeriod::month));
    try (PreparedStatement s =
        db.prepare(
            "SELECT period_start, name, amount FROM adjustments WHERE organization_id = ?"
                + " ORDER BY period_start, COALESCE(ordinal, 0), created_at, id")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          adjustments
              .computeIfAbsent(
                  BillingPeriod.containing(rows.getObject(1, LocalDate.class)),
                  p -> new ArrayList<>())
              .add(
                  new Adjustment(rows.getString("name"), rows.getBigDecimal("amount").setScale(2)));
        }
      }
    }
    return adjustments;
  }

  /** The period's adjustments in the order they were added. */
  public List<Adjustment> forPeriod(String organizationId, BillingPeriod period)
      throws SQLException {
    List<Adjustment> adjustments = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT name, amount FROM adjustments"
                + " WHERE organization_id = ? AND period_start = ? ORDER BY COALESCE(ordinal, 0), created_at, id")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          adjustments.add(
              new Adjustment(rows.getString("name"), rows.getBigDecimal("amount").setScale(2)));
        }
      }
    }
    return adjustments;
  }
}
