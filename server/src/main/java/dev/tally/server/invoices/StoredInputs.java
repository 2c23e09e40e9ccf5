package dev.tally.server.invoices;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.Adjustment;
import dev.tally.engine.CreditDraw;
import dev.tally.engine.CreditGrant;
import dev.tally.engine.DailyUsage;
import dev.tally.engine.GrantBalance;
import dev.tally.engine.RatingRecord;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CanonicalJson;
import dev.tally.model.WireJson;
import dev.tally.server.credits.CreditGrants;
import dev.tally.server.invoices.VerifiedInvoice.Difference;
import dev.tally.server.store.Transaction;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Checks a rating record against the tables it was computed from, through their owners: the month's
 * daily usage sums ({@code usage_daily}), its adjustments ({@code adjustments}), each grant's
 * balance before the month ({@code credit_grants} less earlier {@code credit_draws}) and the draws
 * the close recorded ({@code credit_draws}). Those rows stay after the close, and later months are
 * rated from them (the balances carried in come from every earlier month's draws), so a record that
 * agrees with its invoice and digest but not with them means one side was rewritten: an edit of the
 * tables alone changes what later months are rated from; an edit of the record, invoice and digests
 * together (anyone who can write the database can recompute an unsigned digest) no longer matches
 * the usage the month was rated from.
 *
 * <p>Holds one organization's grants, draws and adjustments (small: a few rows per grant and month)
 * and reads the usage one month at a time, so memory stays bounded by one organization's credits
 * and one month's usage. Decimals compare by value ({@code 10.923} and {@code 10.923000000000} are
 * equal) and are shown as the digest's encoding writes them, without trailing zeros.
 */
final class StoredInputs {

  private static final ObjectMapper JSON = WireJson.mapper();

  private final Transaction db;
  private final String organizationId;
  private final List<CreditGrant> grants;
  private final Map<BillingPeriod, List<CreditDraw>> draws;
  private final Map<BillingPeriod, List<Adjustment>> adjustments;

  private StoredInputs(
      Transaction db,
      String organizationId,
      List<CreditGrant> grants,
      Map<BillingPeriod, List<CreditDraw>> draws,
      Map<BillingPeriod, List<Adjustment>> adjustments) {
    this.db = db;
    this.organizationId = organizationId;
    this.grants = grants;
    this.draws = draws;
    this.adjustments = adjustments;
  }

  /**
   * The organization's stored credits and adjustments, read now (three statements).
   *
   * @throws IllegalArgumentException for a row the engine refuses (a draw that is not positive
   *     whole cents): possible only when a table was changed behind Tally's back
   */
  static StoredInputs of(Transaction db, String organizationId) throws SQLException {
    return new StoredInputs(
        db,
        organizationId,
        db.creditGrants().list(organizationId),
        db.creditGrants().drawsByPeriod(organizationId),
        db.adjustments().byPeriod(organizationId));
  }

  /**
   * Checks {@code record}, one of this organization's, against what is stored, reading its month's
   * usage (one statement): the first way the record disagrees, in the order usage, adjustments,
   * credit balances, credit draws; empty when it agrees. A table row the engine refuses (a negative
   * quantity, a fraction of a cent) is a difference too, not an error.
   */
  Optional<Difference> firstDifference(RatingRecord record) throws SQLException {
    BillingPeriod month = record.billingPeriod();
    try {
      Optional<Difference> found = usage(record, db.usage().daily(organizationId, month));
      if (found.isEmpty()) {
        found = adjustments(record, adjustments.getOrDefault(month, List.of()));
      }
      if (found.isEmpty()) {
        found = credits(record, balancesBefore(month));
      }
      if (found.isEmpty()) {
        found = draws(record, draws.getOrDefault(month, List.of()));
      }
      return found;
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Optional.of(unreadable(e));
    }
  }

  /** A difference for stored rows the engine's values refuse, which Tally never stores. */
  static Difference unreadable(RuntimeException e) {
    return new Difference(
        "stored inputs",
        "unreadable: " + e.getMessage(),
        "rows the engine accepts",
        "stored",
        "expected");
  }

  /**
   * Each grant's balance before {@code month}, by the rule {@code CreditGrants.balancesBefore}
   * applies.
   */
  private List<GrantBalance> balancesBefore(BillingPeriod month) {
    Map<String, BigDecimal> drawn = new HashMap<>();
    draws.forEach(
        (period, list) -> {
          if (period.month().isBefore(month.month())) {
            list.forEach(d -> drawn.merge(d.grantId(), d.amount(), BigDecimal::add));
          }
        });
    return CreditGrants.balances(grants, drawn);
  }

  private record UsageKey(String clusterId, String sku, LocalDate day) {
    static final Comparator<UsageKey> ORDER =
        Comparator.comparing(UsageKey::clusterId)
            .thenComparing(UsageKey::sku)
            .thenComparing(UsageKey::day);

    String path() {
      return "usage[cluster=" + clusterId + ",sku=" + sku + ",day=" + day + "]";
    }
  }

  static Optional<Difference> usage(RatingRecord record, List<DailyUsage> stored) {
    TreeMap<UsageKey, BigDecimal> inRecord = new TreeMap<>(UsageKey.ORDER);
    for (RatingRecord.Usage u : record.usage()) {
      inRecord.merge(new UsageKey(u.clusterId(), u.sku(), u.day()), u.quantity(), BigDecimal::add);
    }
    TreeMap<UsageKey, BigDecimal> inTable = new TreeMap<>(UsageKey.ORDER);
    for (DailyUsage u : stored) {
      inTable.merge(new UsageKey(u.clusterId(), u.sku(), u.day()), u.quantity(), BigDecimal::add);
    }
    return firstDifference(inRecord, inTable, UsageKey.ORDER, UsageKey::path, "quantity", "usage");
  }

  private record DrawKey(String grantId, LocalDate day) {
    static final Comparator<DrawKey> ORDER =
        Comparator.comparing(DrawKey::grantId).thenComparing(DrawKey::day);

    String path() {
      return "credit_draws[grant=" + grantId + ",day=" + day + "]";
    }
  }

  static Optional<Difference> draws(RatingRecord record, List<CreditDraw> stored) {
    TreeMap<DrawKey, BigDecimal> inRecord = new TreeMap<>(DrawKey.ORDER);
    for (RatingRecord.DrawEntry d : record.draws()) {
      inRecord.merge(new DrawKey(d.grantId(), d.day()), d.amount(), BigDecimal::add);
    }
    TreeMap<DrawKey, BigDecimal> inTable = new TreeMap<>(DrawKey.ORDER);
    for (CreditDraw d : stored) {
      inTable.merge(new DrawKey(d.grantId(), d.day()), d.amount(), BigDecimal::add);
    }
    if (inRecord.isEmpty() != inTable.isEmpty()) {
      // All of a month's draws gone (or made up) says more as one line than as its first row.
      return Optional.of(
          new Difference("credit_draws", summary(inRecord), summary(inTable), "record", "stored"));
    }
    return firstDifference(inRecord, inTable, DrawKey.ORDER, DrawKey::path, "amount", "draws");
  }

  private static String summary(Map<DrawKey, BigDecimal> draws) {
    if (draws.isEmpty()) {
      return "none";
    }
    BigDecimal total = draws.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    return "has "
        + draws.size()
        + (draws.size() == 1 ? " draw" : " draws")
        + " totalling "
        + plain(total);
  }

  static Optional<Difference> adjustments(RatingRecord record, List<Adjustment> stored) {
    List<RatingRecord.AdjustmentEntry> inRecord = record.adjustments();
    for (int i = 0; i < Math.max(inRecord.size(), stored.size()); i++) {
      String path = "adjustments[" + i + "]";
      if (i >= inRecord.size() || i >= stored.size()) {
        return Optional.of(
            Difference.againstTable(
                path,
                i < inRecord.size() ? shown(inRecord.get(i)) : "nothing",
                "adjustments",
                i < stored.size()
                    ? shown(
                        new RatingRecord.AdjustmentEntry(
                            stored.get(i).name(), stored.get(i).amount()))
                    : "nothing"));
      }
      RatingRecord.AdjustmentEntry a = inRecord.get(i);
      Adjustment b = stored.get(i);
      if (!a.name().equals(b.name())) {
        return Optional.of(
            Difference.againstTable(
                path + ".name", quoted(a.name()), "adjustments", quoted(b.name())));
      }
      if (a.amount().compareTo(b.amount()) != 0) {
        return Optional.of(
            Difference.againstTable(
                path + ".amount", plain(a.amount()), "adjustments", plain(b.amount())));
      }
    }
    return Optional.empty();
  }

  /**
   * Each grant the record names must have, stored now, the same terms and the same balance before
   * the month. A grant the record does not name is not a difference: a grant made after the month
   * closed (even one starting before it) is rightly missing from it.
   */
  static Optional<Difference> credits(RatingRecord record, List<GrantBalance> stored) {
    Map<String, GrantBalance> byId = new HashMap<>();
    stored.forEach(b -> byId.put(b.grantId(), b));
    for (RatingRecord.GrantEntry g : record.credits()) {
      String path = "credits[grant=" + g.grantId() + "]";
      GrantBalance now = byId.get(g.grantId());
      if (now == null) {
        return Optional.of(
            Difference.againstTable(path, FirstDifference.json(g), "grants", "nothing"));
      }
      if (g.amount().compareTo(now.grant().amount()) != 0) {
        return Optional.of(
            Difference.againstTable(
                path + ".amount", plain(g.amount()), "grants", plain(now.grant().amount())));
      }
      if (!g.startsAt().equals(now.grant().startsAt())) {
        return Optional.of(
            Difference.againstTable(
                path + ".starts_at",
                quoted(g.startsAt().toString()),
                "grants",
                quoted(now.grant().startsAt().toString())));
      }
      if (!g.expiresAt().equals(now.grant().expiresAt())) {
        return Optional.of(
            Difference.againstTable(
                path + ".expires_at",
                quoted(g.expiresAt().toString()),
                "grants",
                quoted(now.grant().expiresAt().toString())));
      }
      if (g.remaining().compareTo(now.remaining()) != 0) {
        return Optional.of(
            Difference.againstTable(
                path + ".remaining",
                plain(g.remaining()),
                "balance (grant less earlier months' draws)",
                plain(now.remaining())));
      }
    }
    return Optional.empty();
  }

  /** Walks both sorted maps' keys in order; the first key whose values differ by value. */
  private static <K> Optional<Difference> firstDifference(
      TreeMap<K, BigDecimal> inRecord,
      TreeMap<K, BigDecimal> inTable,
      Comparator<K> order,
      Function<K, String> path,
      String field,
      String table) {
    TreeSet<K> keys = new TreeSet<>(order);
    keys.addAll(inRecord.keySet());
    keys.addAll(inTable.keySet());
    for (K key : keys) {
      BigDecimal a = inRecord.get(key);
      BigDecimal b = inTable.get(key);
      if (a == null || b == null) {
        return Optional.of(
            Difference.againstTable(
                path.apply(key),
                a == null ? "nothing" : plain(a),
                table,
                b == null ? "nothing" : plain(b)));
      }
      if (a.compareTo(b) != 0) {
        return Optional.of(
            Difference.againstTable(path.apply(key) + "." + field, plain(a), table, plain(b)));
      }
    }
    return Optional.empty();
  }

  private static String shown(RatingRecord.AdjustmentEntry entry) {
    return FirstDifference.json(entry);
  }

  /** A value as a difference shows it: plain, unless that would be too long to show. */
  private static String plain(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    return CanonicalJson.isPlainWithin(stripped, CanonicalJson.MAX_DIGITS)
        ? stripped.toPlainString()
        : stripped.toString();
  }

  private static String quoted(String text) {
    return JSON.getNodeFactory().textNode(text).toString();
  }
}
