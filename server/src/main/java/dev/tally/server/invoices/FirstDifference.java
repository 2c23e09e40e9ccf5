package dev.tally.server.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.WireJson;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where two JSON documents first differ, as a path such as {@code
 * invoice_items[0].totals[0].amount} with both values: what an operator needs to see when a
 * finalized invoice is refused as changed, or does not verify. Numbers compare by value ({@code
 * 1.5} and {@code 1.50} are the same).
 */
final class FirstDifference {

  /** Writes numbers plainly, as the stored documents do. */
  private static final ObjectMapper JSON = WireJson.mapper();

  /**
   * A difference: where, and the two values as JSON text (shortened to 80 characters), {@code
   * nothing} for an absent value.
   *
   * @param path such as {@code invoice_items[0].line_items[1].quantity}; empty for the whole
   *     document
   */
  record Difference(String path, String stored, String other) {}

  private FirstDifference() {}

  /** The first difference, in document order (object fields by name), or empty when equal. */
  static Optional<String> between(JsonNode stored, JsonNode given) {
    return find(stored, given)
        .map(
            d ->
                (d.path().isEmpty() ? "the document" : d.path())
                    + ": stored "
                    + d.stored()
                    + ", given "
                    + d.other());
  }

  /** The first difference, in document order (object fields by name), or empty when equal. */
  static Optional<Difference> find(JsonNode stored, JsonNode other) {
    return find("", stored, other);
  }

  private static Optional<Difference> find(String path, JsonNode a, JsonNode b) {
    if (a == null || b == null || a.getNodeType() != b.getNodeType()) {
      return Optional.of(describe(path, a, b));
    }
    if (a.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        Optional<Difference> found =
            find(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name));
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    if (a.isArray()) {
      for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
        Optional<Difference> found = find(path + "[" + i + "]", a.get(i), b.get(i));
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    boolean same = a.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
    return same ? Optional.empty() : Optional.of(describe(path, a, b));
  }

  private static Difference describe(String path, JsonNode stored, JsonNode other) {
    return new Difference(path, shown(stored), shown(other));
  }

  /**
   * A value as JSON with its numbers in plain notation ({@code 100}, not {@code 1E+2}), as the
   * stored documents write them; a number too long to write plainly keeps its exponent.
   */
  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  static String shown(JsonNode value) {
    if (value == null) {
      return "nothing";
    }
    String text = json(value);
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
