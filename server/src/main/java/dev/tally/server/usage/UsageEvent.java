package dev.tally.server.usage;

import dev.tally.model.BillingPeriod;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;

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
   * What the event says, as 64 lowercase hex digits: SHA-256 of its cluster, SKU, quantity
   * (trailing zeros stripped) and timestamp ({@link Instant#toString}), joined by newlines, in
   * UTF-8. Two deliveries of one event id are the same event exactly when their fingerprints match;
   * stored fingerprints are compared with it, so this text must never change.
   */
  public String fingerprint() {
    String content =
        clusterId
            + "\n"
            + sku
            + "\n"
            + quantity.stripTrailingZeros().toPlainString()
            + "\n"
            + instantText(timestamp);
    return HEX.formatHex(sha256().digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Exactly {@link Instant#toString} (ISO-8601 in UTC, seconds always, the fraction in groups of
   * three digits, none when zero), written directly for the years 1970 to 9999: the formatter took
   * longer than the digest when it ran once per event.
   */
  static String instantText(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < 0 || seconds >= YEAR_10000) {
      return t.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
    int secondOfDay = (int) (seconds % 86_400);
    int nano = t.getNano();
    int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
    byte[] text = new byte[20 + (fraction == 0 ? 0 : fraction + 1)];
    digits(text, 0, date.getYear(), 4);
    text[4] = '-';
    digits(text, 5, date.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, date.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3_600, 2);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60, 2);
    if (fraction > 0) {
      text[19] = '.';
      digits(text, 20, nano / (fraction == 3 ? 1_000_000 : fraction == 6 ? 1_000 : 1), fraction);
    }
    text[text.length - 1] = 'Z';
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  private static void digits(byte[] into, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      into[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * 10000-01-01T00:00:00Z: from there on {@link Instant#toString} writes a sign and more digits.
   */
  private static final long YEAR_10000 = 253_402_300_800L;

  private static final HexFormat HEX = HexFormat.of();

  private static final MessageDigest SHA_256 = newSha256();

  /**
   * A copy of one SHA-256 instance: {@link MessageDigest#getInstance} searches the providers on
   * every call, which cost more than the digest itself when it ran once per event.
   */
  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The billing period (UTC calendar month) the usage belongs to. */
  public BillingPeriod period() {
    return BillingPeriod.containing(day());
  }
}
