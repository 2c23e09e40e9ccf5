package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of the Billing API, used by server, client and CLI alike.
 *
 * <ul>
 *   <li>Timestamps are RFC 3339 strings in UTC.
 *   <li>Decimals are read from their text into {@code BigDecimal} and written plainly ({@code 0.0000001},
 *       not {@code 1E-7}), so no amount ever passes through a {@code double}.
 *   <li>Absent optional fields are left out; unknown fields are ignored, so newer servers don't break
 *       older readers.
 * </ul>
 */
public final class WireJson {

  private WireJson() {}

  /** A new mapper; mappers are thread-safe, so make one and share it. */
  public static ObjectMapper mapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
  }
}
