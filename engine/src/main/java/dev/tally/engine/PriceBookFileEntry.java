package dev.tally.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.model.CalendarDay;
import dev.tally.model.CallerText;
import dev.tally.model.DecimalInput;
import dev.tally.model.QuantityUnit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One entry of a price book file's {@code skus} or {@code overrides}, read field by field so that
 * every problem is reported, naming the entry, instead of stopping at the first.
 */
final class PriceBookFileEntry {

  private static final Set<String> SKU_FIELDS =
      Set.of("sku", "description", "quantity_unit", "unit_price", "effective_from");
  private static final Set<String> OVERRIDE_FIELDS =
      Set.of("organization_id", "sku", "unit_price", "effective_from");

  /**
   * {@code skus[3]}: what PriceBook's own checks name the entry by (they add the sku themselves).
   */
  final String index;

  /** {@code skus[3] (sku "basic.storage")}, for problems found while reading the entry. */
  final String label;

  private final JsonNode node;
  private final List<String> problems;
  private final int problemsBefore;

  PriceBookFileEntry(String index, JsonNode node, List<String> problems) {
    this.node = node;
    this.problems = problems;
    this.problemsBefore = ProblemList.found(problems);
    this.index = index;
    List<String> names = new ArrayList<>();
    for (String field : List.of("organization_id", "sku")) {
      JsonNode value = node.isObject() ? node.get(field) : null;
      if (value != null && value.isTextual()) {
        names.add(field + " \"" + CallerText.quote(value.asText()) + "\"");
      }
    }
    this.label = names.isEmpty() ? index : index + " (" + String.join(", ", names) + ")";
  }

  Price price() {
    if (!isObject()) {
      return null;
    }
    unknownFields(node, SKU_FIELDS, label, problems);
    String sku = text("sku");
    String description = text("description");
    QuantityUnit unit = unit();
    BigDecimal unitPrice = decimal("unit_price");
    LocalDate effectiveFrom = date("effective_from");
    if (ProblemList.found(problems) > problemsBefore) {
      return null;
    }
    return build(() -> new Price(sku, description, unit, unitPrice, effectiveFrom));
  }

  PriceOverride override() {
    if (!isObject()) {
      return null;
    }
    unknownFields(node, OVERRIDE_FIELDS, label, problems);
    String organizationId = text("organization_id");
    String sku = text("sku");
    BigDecimal unitPrice = decimal("unit_price");
    LocalDate effectiveFrom = date("effective_from");
    if (ProblemList.found(problems) > problemsBefore) {
      return null;
    }
    return build(() -> new PriceOverride(organizationId, sku, unitPrice, effectiveFrom));
  }

  private boolean isObject() {
    if (!node.isObject()) {
      problems.add(
          label + ": must be a JSON object, was " + node.getNodeType().name().toLowerCase());
      return false;
    }
    return true;
  }

  /** Runs a record constructor, turning its validation failure into a problem of this entry. */
  private <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      problems.add(label + ": " + e.getMessage());
      return null;
    }
  }

  private JsonNode field(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      problems.add(label + ": \"" + name + "\" is missing");
      return null;
    }
    return value;
  }

  private String text(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      problems.add(
          label
              + ": \""
              + name
              + "\" must be a non-empty string, was "
              + CallerText.quote(value.toString()));
      return null;
    }
    return value.asText();
  }

  private QuantityUnit unit() {
    String raw = text("quantity_unit");
    if (raw == null) {
      return null;
    }
    for (QuantityUnit unit : QuantityUnit.values()) {
      if (unit != QuantityUnit.UNKNOWN && unit.name().equals(raw)) {
        return unit;
      }
    }
    problems.add(
        label
            + ": unknown quantity_unit \""
            + CallerText.quote(raw)
            + "\" (expected one of "
            + Arrays.stream(QuantityUnit.values())
                .filter(u -> u != QuantityUnit.UNKNOWN)
                .map(Enum::name)
                .collect(Collectors.joining(", "))
            + ")");
    return null;
  }

  private BigDecimal decimal(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return null;
    }
    BigDecimal read = null;
    if (value.isNumber()) {
      read = value.decimalValue();
    } else if (value.isTextual()) {
      try {
        read = DecimalInput.parse(value.asText(), name);
      } catch (IllegalArgumentException e) {
        // not a decimal: the message below
      }
    }
    if (read != null) {
      // At most 12 digits before the point and 12 after: a unit price of any realistic SKU.
      try {
        return DecimalInput.bounded(read, 12, 12, "\"" + name + "\"");
      } catch (IllegalArgumentException e) {
        problems.add(label + ": " + e.getMessage());
        return null;
      }
    }
    problems.add(
        label
            + ": \""
            + name
            + "\" must be a decimal number such as \"0.0000002\", was "
            + CallerText.quote(value.toString()));
    return null;
  }

  private LocalDate date(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      try {
        return CalendarDay.parse(value.asText());
      } catch (DateTimeParseException e) {
        // fall through to the message below
      }
    }
    problems.add(
        label
            + ": \""
            + name
            + "\" must be a date yyyy-MM-dd, was "
            + CallerText.quote(value.toString()));
    return null;
  }

  static void unknownFields(
      JsonNode object, Set<String> known, String where, List<String> problems) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(
            where
                + ": unknown field \""
                + CallerText.quote(name)
                + "\" (expected "
                + known.stream().sorted().collect(Collectors.joining(", "))
                + ")");
      }
    }
  }
}
