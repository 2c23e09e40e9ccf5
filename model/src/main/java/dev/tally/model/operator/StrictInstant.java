package dev.tally.model.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import dev.tally.model.Rfc3339;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads an operator API time with the one strict RFC 3339 parser, {@link Rfc3339}, rather than
 * {@code java.time}'s more lenient ISO reader (which takes a time without seconds, for one).
 */
final class StrictInstant extends StdScalarDeserializer<Instant> {

  StrictInstant() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.hasToken(JsonToken.VALUE_STRING)) {
      return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
    }
    String text = p.getText();
    try {
      return Rfc3339.parse(text, p.currentName());
    } catch (IllegalArgumentException e) {
      return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, e.getMessage());
    }
  }
}
