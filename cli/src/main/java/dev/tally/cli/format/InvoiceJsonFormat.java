package dev.tally.cli.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tally.model.WireJson;

/**
 * The API's own JSON: the records written back with the wire mapper the server writes with, so the
 * output is the very document the API sent (field names, order, timestamps, exact decimals). Compact,
 * as the API sends it; {@code jq .} indents it.
 */
public final class InvoiceJsonFormat {

  private static final ObjectWriter WRITER = WireJson.mapper().writer();

  private InvoiceJsonFormat() {}

  /** An {@code Invoice} or a {@code ListInvoicesResponse} ({@code {"invoices": [...]}}), with a final newline. */
  public static String of(Object apiResponse) {
    try {
      return WRITER.writeValueAsString(apiResponse) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the invoice as JSON", e);
    }
  }
}
