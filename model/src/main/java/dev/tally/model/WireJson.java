package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of the Billing API and the operator API, used by server, client and
 * CLI alike.
 *
 * <ul>
 *   <li>Timestamps are RFC 3339 strings in UTC.
 *   <li>Decimals are read from their text into {@code BigDecimal} and written plainly ({@code
 *       0.0000001}, not {@code 1E-7}), so no amount ever passes through a {@code double}.
 *   <li>Absent optional fields are left out; unknown fields are ignored, so newer servers don't
 *       break older readers.
 *   <li>One canonical form: record fields in declaration order and map entries (such as a cluster's
 *       {@code labels}) sorted by key, so equal values serialize to equal bytes whatever order a
 *       map iterates in. {@code Map.copyOf}, which the records use, iterates in an order that
 *       changes from one JVM run to the next; stored documents compared as text, and answers
 *       expected to be byte-stable across restarts, depend on this.
 * </ul>
 */
public final class WireJson {

  private static final ObjectMapper CANONICAL =
      builder()
          // Trees too, for canonicalBytes only: a tree keeps the order its properties were added
          // in.
          .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
          .build();

  /** Shared by {@link #reader()} and {@link #writer()}; never handed out, so never reconfigured. */
  private static final ObjectMapper SHARED = builder().build();

  private WireJson() {}

  /**
   * A new mapper, for a caller that configures its own (stricter reading, say). Building one is
   * costly (its serializers are introspected anew on first use), so a caller keeps it in a field;
   * code that only reads or writes uses {@link #reader()} and {@link #writer()}, which share one.
   */
  public static ObjectMapper mapper() {
    return builder().build();
  }

  /** A reader with this configuration; immutable and shared, so cheap to call per use. */
  public static ObjectReader reader() {
    return SHARED.reader();
  }

  /** A writer with this configuration; immutable and shared, so cheap to call per use. */
  public static ObjectWriter writer() {
    return SHARED.writer();
  }

  /**
   * The canonical JSON of a value: what {@link #mapper()} writes, and a {@code JsonNode}'s object
   * properties sorted by name as well. Equal values give equal bytes, so documents can be stored
   * and compared as bytes.
   *
   * @param value a wire-model record, a map, a list or a {@code JsonNode}
   * @return UTF-8 JSON
   * @throws IllegalArgumentException if the value cannot be written as JSON
   */
  public static byte[] canonicalBytes(Object value) {
    try {
      return CANONICAL.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The settings every mapper here starts from. */
  static JsonMapper.Builder builder() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .serializationInclusion(JsonInclude.Include.NON_NULL);
  }
}
