package dev.tally.cli.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tally.model.WireJson;

/**
 * JSON written with the wire mapper the server writes with: for an API answer, the very document
 * the API sent (field names, order, timestamps, exact decimals); for a listing, the same
 * conventions. Compact, as the API sends it; {@code jq .} indents it.
 */
public final class JsonFormat {

  private static final ObjectWriter WRITER = WireJson.mapper().writer();

  private JsonFormat() {}

  /**
   * An API answer, such as an {@code Invoice} or {@code {"invoices": [...]}}, with a final newline.
   */
  public static String of(Object document) {
    try {
      return WRITER.writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write " + document.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
