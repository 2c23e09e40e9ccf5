package dev.tally.cli.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.Rfc3339;
import dev.tally.model.operator.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Turns the fields of one line into a typed {@link UsageEvent}, or says why it cannot be one.
 * What a {@code UsageEvent} cannot hold is decided here, in the server's words where it has them:
 * a missing field, a quantity that is not a decimal number, a timestamp that is not RFC 3339
 * (read by the model's {@link Rfc3339}, the one strict parser). Everything else (ids, sign and size of
 * the quantity, the time's month) the server checks, and rejects in its answer.
 */
final class EventFields {

  /** A readable quantity with more digits than this (written out plainly) is not sent. */
  static final int MAX_QUANTITY_DIGITS = 100;

  private EventFields() {}

  /** Thrown with the reason a field cannot go into a {@code UsageEvent}. */
  private static final class Unreadable extends Exception {
    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * An event from a CSV record's fields.
   *
   * @param fields the six fields in {@link UsageFileReader#COLUMNS} order
   */
  static UsageLine fromCsv(long lineNumber, List<String> fields, int length) {
    String eventId = fields.get(0).isEmpty() ? null : fields.get(0);
    try {
      String quantity = fields.get(4).strip();
      if (quantity.isEmpty()) {
        throw new Unreadable("quantity is missing");
      }
      return new UsageLine.Event(lineNumber, new UsageEvent(fields.get(0), fields.get(1),
          fields.get(2), fields.get(3), decimal(quantity), timestamp(fields.get(5))), length);
    } catch (Unreadable e) {
      return new UsageLine.Malformed(lineNumber, eventId, e.getMessage());
    }
  }

  /** An event from one NDJSON line's object, with the operator API's field names. */
  static UsageLine fromJson(long lineNumber, ObjectNode node, int length) {
    JsonNode id = node.get("event_id");
    String eventId = id != null && id.isTextual() ? id.textValue() : null;
    try {
      UsageEvent event = new UsageEvent(text(node, "event_id"), text(node, "organization_id"),
          text(node, "cluster_id"), text(node, "sku"), quantity(node.get("quantity")),
          timestamp(node.get("timestamp")));
      return new UsageLine.Event(lineNumber, event, length);
    } catch (Unreadable e) {
      return new UsageLine.Malformed(lineNumber, eventId, e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) throws Unreadable {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new Unreadable(field + " is missing");
    }
    if (!value.isTextual()) {
      throw new Unreadable(field + " must be a JSON string");
    }
    return value.textValue();
  }

  private static BigDecimal quantity(JsonNode value) throws Unreadable {
    if (value == null || value.isNull()) {
      throw new Unreadable("quantity is missing");
    }
    if (value.isNumber()) {
      if (value.isFloatingPointNumber() && !value.isBigDecimal()
          && !Double.isFinite(value.doubleValue())) {
        throw new Unreadable("quantity must be a finite number");
      }
      return bounded(value.decimalValue(), value.asText());
    }
    if (value.isTextual()) {
      return decimal(value.textValue().strip());
    }
    throw new Unreadable("quantity must be a decimal number");
  }

  /** The exact value of a decimal written as text, as the server reads a quantity string. */
  private static BigDecimal decimal(String text) throws Unreadable {
    try {
      return bounded(new BigDecimal(text), text);
    } catch (NumberFormatException e) {
      throw new Unreadable("quantity must be a decimal number, got '" + shorten(text) + "'");
    }
  }

  /**
   * The quantity, unless writing it out plainly (as the wire model does) would take more than
   * {@link #MAX_QUANTITY_DIGITS} digits: {@code 1e999999999} is a valid decimal, but a line of a
   * usage file must not become a billion digits in memory. The server's own limits are far lower.
   */
  private static BigDecimal bounded(BigDecimal quantity, String text) throws Unreadable {
    BigDecimal exact = quantity.stripTrailingZeros();
    long digits = Math.max(exact.precision(), (long) exact.scale() + 1)
        + Math.max(0L, -(long) exact.scale());
    if (digits > MAX_QUANTITY_DIGITS) {
      throw new Unreadable("quantity " + shorten(text) + " has more than " + MAX_QUANTITY_DIGITS
          + " digits written out");
    }
    return quantity;
  }

  private static Instant timestamp(JsonNode value) throws Unreadable {
    if (value == null || value.isNull()) {
      throw new Unreadable("timestamp is missing");
    }
    if (!value.isTextual()) {
      throw new Unreadable("timestamp must be a JSON string, an RFC 3339 time such as "
          + Rfc3339.EXAMPLE);
    }
    return timestamp(value.textValue());
  }

  private static Instant timestamp(String text) throws Unreadable {
    try {
      return Rfc3339.parse(text, "timestamp");
    } catch (IllegalArgumentException e) {
      throw new Unreadable(e.getMessage());
    }
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
