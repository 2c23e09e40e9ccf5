package dev.tally.server.usage;

import dev.tally.model.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One metered event that passed validation. */
public record UsageEvent(
    String eventId,
    String organizationId,
    String clusterId,
    String sku,
    BigDecimal quantity,
    Instant timestamp) {

  /** The UTC day the usage happened on, which prices it and places it in a month. */
  public LocalDate day() {
    return LocalDate.ofInstant(timestamp, ZoneOffset.UTC);
  }

  public LocalDate periodStart() {
    return period().firstDay();
  }

  /**
   * What the event says, as 64 hex digits: SHA-256 of its cluster, SKU, quantity (trailing zeros
   * stripped) and timestamp. Two deliveries of one event id are the same event exactly when their
   * fingerprints match.
   */
  public String fingerprint() {
    String content =
        clusterId
            + "\n"
            + sku
            + "\n"
            + quantity.stripTrailingZeros().toPlainString()
            + "\n"
            + timestamp;
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The billing period (UTC calendar month) the usage belongs to. */
  public BillingPeriod period() {
    return BillingPeriod.containing(day());
  }
}
