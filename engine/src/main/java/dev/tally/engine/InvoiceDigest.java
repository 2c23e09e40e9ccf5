package dev.tally.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A finalized invoice's digest (docs/billing-model.md, "The digest"): the lowercase hex SHA-256 of
 * the canonical encoding ({@link CanonicalJson}) of the object
 *
 * <pre>{@code
 * {"digest_format": "tally-invoice-digest/1",
 *  "invoice": <the invoice JSON>,
 *  "previous": <the digest of the organization's previous month, or null for its first>,
 *  "record": <the rating record JSON>}
 * }</pre>
 *
 * <p>The {@code previous} member chains an organization's months: a month removed, or two swapped,
 * breaks every digest after it. (A {@code null} member is left out of the encoding.)
 */
public final class InvoiceDigest {

  /** Names the encoding; a new encoding would get a new name and leave old digests checkable. */
  public static final String FORMAT = "tally-invoice-digest/1";

  private static final byte[] CLOSE = {'}'};

  private InvoiceDigest() {}

  /**
   * @param record the rating record's JSON tree
   * @param invoice the invoice's JSON tree
   * @param previous the previous month's digest; empty for the first month with a record
   */
  public static String of(JsonNode record, JsonNode invoice, Optional<String> previous) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(invoice, "invoice");
    ObjectNode covered = JsonNodeFactory.instance.objectNode();
    covered.put("digest_format", FORMAT);
    covered.set("invoice", invoice);
    previous.ifPresent(p -> covered.put("previous", p));
    covered.set("record", record);
    return CanonicalJson.sha256Hex(covered);
  }

  /**
   * The same digest from the canonical bytes of the record and of the invoice ({@link
   * CanonicalJson#bytesOf}), without building the covering object: its encoding is their bytes
   * between fixed ones, since its members sort as {@code digest_format}, {@code invoice}, {@code
   * previous}, {@code record}. The close uses this; a property test holds it to the other.
   *
   * @param record the canonical UTF-8 bytes of the rating record
   * @param invoice the canonical UTF-8 bytes of the invoice
   * @param previous the previous month's digest; empty for the first month with a record
   */
  public static String ofCanonical(byte[] record, byte[] invoice, Optional<String> previous) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(invoice, "invoice");
    byte[] before = ascii("{\"digest_format\":\"" + FORMAT + "\",\"invoice\":");
    byte[] between =
        ascii(
            previous
                .map(p -> ",\"previous\":" + CanonicalJson.string(p) + ",\"record\":")
                .orElse(",\"record\":"));
    return CanonicalJson.sha256Hex(before, invoice, between, record, CLOSE);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
