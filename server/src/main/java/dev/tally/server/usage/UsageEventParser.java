package dev.tally.server.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.server.orgs.IdRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Checks one event's shape and values, before anything is looked up: ids, a finite non-negative
 * decimal quantity, and an RFC 3339 timestamp not in the future beyond the allowed clock skew.
 */
final class UsageEventParser {

  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  /**
   * The most decimal places of a quantity. With at most {@link #MAX_INTEGER_DIGITS} digits before the
   * point, daily sums (NUMERIC(60, 12)) cannot overflow: see docs/billing-model.md, "Bounds".
   */
  static final int MAX_SCALE = 12;
  /** A quantity is below 10^15: a quadrillion of any unit per event. */
  static final int MAX_INTEGER_DIGITS = 15;

  /** Either an event or why it is not one. */
  sealed interface Outcome permits Valid, Invalid {}

  record Valid(UsageEvent event) implements Outcome {}

  record Invalid(String eventId, String reason) implements Outcome {}

  private UsageEventParser() {}

  static Outcome read(JsonNode node, Instant now) {
    if (node == null || !node.isObject()) {
      return new Invalid(null, "an event must be a JSON object");
    }
    String eventId = text(node, "event_id");
    try {
      IdRules.requireValid("event_id", eventId);
      String org = text(node, "organization_id");
      IdRules.requireValid("organization_id", org, IdRules.MAX_RESOURCE_ID);
      String cluster = text(node, "cluster_id");
      IdRules.requireValid("cluster_id", cluster, IdRules.MAX_RESOURCE_ID);
      String sku = text(node, "sku");
      IdRules.requireValid("sku", sku);
      BigDecimal quantity = quantity(node.get("quantity"));
      Instant timestamp = timestamp(node.get("timestamp"), now);
      return new Valid(new UsageEvent(eventId, org, cluster, sku, quantity, timestamp));
    } catch (dev.tally.server.errors.Failure | IllegalArgumentException e) {
      return new Invalid(eventId, e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  private static BigDecimal quantity(JsonNode value) {
    BigDecimal quantity;
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("quantity is missing");
    } else if (value.isNumber()) {
      if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
        throw new IllegalArgumentException("quantity must be a finite number");
      }
      quantity = value.decimalValue();
    } else if (value.isTextual()) {
      try {
        quantity = new BigDecimal(value.textValue().strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("quantity must be a decimal number, got '" + shorten(value.textValue()) + "'");
      }
    } else {
      throw new IllegalArgumentException("quantity must be a decimal number");
    }
    if (quantity.signum() < 0) {
      throw new IllegalArgumentException("quantity must not be negative, got " + quantity.toPlainString());
    }
    BigDecimal exact = quantity.stripTrailingZeros();
    if (exact.scale() > MAX_SCALE) {
      throw new IllegalArgumentException("quantity has more than " + MAX_SCALE + " decimal places: " + quantity.toPlainString());
    }
    if (exact.precision() - exact.scale() > MAX_INTEGER_DIGITS) {
      throw new IllegalArgumentException("quantity " + shorten(quantity.toPlainString())
          + " is too large: an event's quantity must be below 10^" + MAX_INTEGER_DIGITS);
    }
    return exact.scale() < 0 ? exact.setScale(0) : exact;
  }

  private static Instant timestamp(JsonNode value, Instant now) {
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("timestamp must be an RFC 3339 string such as 2026-11-01T10:00:00Z");
    }
    Instant timestamp;
    try {
      timestamp = parseInstant(value.textValue());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("timestamp must be an RFC 3339 string such as 2026-11-01T10:00:00Z, got '"
          + shorten(value.textValue()) + "'");
    }
    if (timestamp.isAfter(now.plus(CLOCK_SKEW))) {
      throw new IllegalArgumentException("timestamp " + timestamp + " is in the future (now is " + now + ")");
    }
    return timestamp;
  }

  /**
   * {@code OffsetDateTime.parse(text).toInstant()}, with a fast path for the form pipelines send,
   * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}; anything else (offsets, lower-case letters, odd shapes)
   * takes the general parser, so what is accepted and rejected does not change.
   */
  static Instant parseInstant(String s) {
    int n = s.length();
    if (n >= 20 && n != 21 && n <= 30 && s.charAt(n - 1) == 'Z' && s.charAt(4) == '-' && s.charAt(7) == '-'
        && s.charAt(10) == 'T' && s.charAt(13) == ':' && s.charAt(16) == ':' && (n == 20 || s.charAt(19) == '.')) {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 2);
      int day = digits(s, 8, 2);
      int hour = digits(s, 11, 2);
      int minute = digits(s, 14, 2);
      int second = digits(s, 17, 2);
      int nano = n == 20 ? 0 : digits(s, 20, n - 21);
      if ((year | month | day | hour | minute | second | nano) >= 0) {
        for (int i = n - 21; i < 9 && n > 20; i++) {
          nano *= 10;
        }
        try {
          return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
          // out-of-range fields: let the general parser word the error
        }
      }
    }
    return OffsetDateTime.parse(s).toInstant();
  }

  /** The decimal value of {@code length} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
