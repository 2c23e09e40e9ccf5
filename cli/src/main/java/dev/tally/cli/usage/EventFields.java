package dev.tally.cli.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tally.model.DecimalInput;
import dev.tally.model.Rfc3339;
import dev.tally.model.operator.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Turns the fields of one line into a typed {@link UsageEvent}, or says why it cannot be one. What
 * a {@code UsageEvent} cannot hold is decided here, in the server's words where it has them: a
 * missing field, a quantity the operator API would refuse (read by the wire model's one rule,
 * {@link UsageEvent#checkQuantity}), a timestamp that is not RFC 3339 (read by the model's {@link
 * Rfc3339}, the one strict parser). Everything else (ids, references, the time's month) the server
 * checks, and rejects in its answer.
 */
final class EventFields {

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
      return new UsageLine.Event(
          lineNumber,
          new UsageEvent(
              fields.get(0),
              fields.get(1),
              fields.get(2),
              fields.get(3),
              quantity(TextNode.valueOf(quantity)),
              timestamp(fields.get(5))),
          length);
    } catch (Unreadable e) {
      return new UsageLine.Malformed(lineNumber, eventId, e.getMessage());
    }
  }

  /** An event from one NDJSON line's object, with the operator API's field names. */
  static UsageLine fromJson(long lineNumber, ObjectNode node, int length) {
    JsonNode id = node.get("event_id");
    String eventId = id != null && id.isTextual() ? id.textValue() : null;
    try {
      UsageEvent event =
          new UsageEvent(
              text(node, "event_id"),
              text(node, "organization_id"),
              text(node, "cluster_id"),
              text(node, "sku"),
              quantity(node.get("quantity")),
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

  /** As the server reads a quantity: the operator wire model's one rule. */
  private static BigDecimal quantity(JsonNode value) throws Unreadable {
    if (value == null || value.isNull()) {
      throw new Unreadable("quantity is missing");
    }
    try {
      if (value.isNumber()) {
        if (value.isFloatingPointNumber()
            && !value.isBigDecimal()
            && !Double.isFinite(value.doubleValue())) {
          throw new Unreadable("quantity must be a finite number");
        }
        return UsageEvent.checkQuantity(value.decimalValue());
      }
      if (value.isTextual()) {
        return UsageEvent.checkQuantity(DecimalInput.parse(value.textValue(), "quantity"));
      }
    } catch (IllegalArgumentException e) {
      throw new Unreadable(e.getMessage());
    }
    throw new Unreadable("quantity must be a decimal number");
  }

  private static Instant timestamp(JsonNode value) throws Unreadable {
    if (value == null || value.isNull()) {
      throw new Unreadable("timestamp is missing");
    }
    if (!value.isTextual()) {
      throw new Unreadable(
          "timestamp must be a JSON string, an RFC 3339 time such as " + Rfc3339.EXAMPLE);
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
}
