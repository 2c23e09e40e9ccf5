package dev.tally.server.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.model.CallerText;
import dev.tally.model.DecimalInput;
import dev.tally.model.Rfc3339;
import dev.tally.server.orgs.IdRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Checks one event's shape and values, before anything is looked up: ids, a finite non-negative
 * decimal quantity, and an RFC 3339 timestamp not in the future beyond the allowed clock skew.
 */
final class UsageEventParser {

  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** An event's fields: every one is required, and no other is accepted. */
  static final List<String> FIELDS =
      List.of("event_id", "organization_id", "cluster_id", "sku", "quantity", "timestamp");

  /**
   * {@link #FIELDS} to look names up in: the parser hands over the same name instances batch after
   * batch, whose hashes are computed once, where the list compared each name with every field.
   */
  private static final Set<String> KNOWN = Set.copyOf(FIELDS);

  /** Either an event or why it is not one. */
  sealed interface Outcome permits Valid, Invalid {}

  record Valid(UsageEvent event) implements Outcome {}

  record Invalid(String eventId, String reason) implements Outcome {}

  private UsageEventParser() {}

  static Outcome read(JsonNode node, Instant now) {
    if (node == null || !node.isObject()) {
      return new Invalid(null, "an event must be a JSON object");
    }
    JsonNode id = node.get("event_id");
    if (id != null && !id.isNull() && !id.isTextual()) {
      return new Invalid(null, "event_id must be a JSON string");
    }
    String eventId = text(node, "event_id");
    for (var names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KNOWN.contains(name)) {
        return new Invalid(
            eventId,
            "unknown field \""
                + CallerText.quote(name)
                + "\"; an event's fields are "
                + String.join(", ", FIELDS));
      }
    }
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
      if (value.isFloatingPointNumber()
          && !value.isBigDecimal()
          && !Double.isFinite(value.doubleValue())) {
        throw new IllegalArgumentException("quantity must be a finite number");
      }
      quantity = value.decimalValue();
    } else if (value.isTextual()) {
      quantity = DecimalInput.parse(value.textValue(), "quantity");
    } else {
      throw new IllegalArgumentException("quantity must be a decimal number");
    }
    return dev.tally.model.operator.UsageEvent.checkQuantity(quantity);
  }

  private static Instant timestamp(JsonNode value, Instant now) {
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(
          "timestamp must be an RFC 3339 time such as 2026-11-01T10:00:00Z, given as a JSON string");
    }
    // The one strict parser the Billing API uses too, so both APIs accept the same times.
    Instant timestamp = Rfc3339.parse(value.textValue(), "timestamp");
    if (timestamp.isAfter(now.plus(CLOCK_SKEW))) {
      throw new IllegalArgumentException(
          "timestamp " + timestamp + " is in the future (now is " + now + ")");
    }
    return timestamp;
  }
}
