package dev.tally.model.operator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import dev.tally.model.BillingPeriod;
import java.io.IOException;

/**
 * A billing period on the operator API's wire: the string {@code "YYYY-MM"}, as in the route {@code
 * /operator/v1/periods/2026-10/close}. {@link BillingPeriod} itself carries no JSON annotations, so
 * the types that hold one say how it is written.
 */
final class PeriodJson {

  private PeriodJson() {}

  /** Writes {@code "2026-10"}. */
  static final class Writer extends StdScalarSerializer<BillingPeriod> {

    Writer() {
      super(BillingPeriod.class);
    }

    @Override
    public void serialize(BillingPeriod value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  /** Reads {@code "2026-10"} with {@link BillingPeriod#parse}. */
  static final class Reader extends StdScalarDeserializer<BillingPeriod> {

    Reader() {
      super(BillingPeriod.class);
    }

    @Override
    public BillingPeriod deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return (BillingPeriod) ctxt.handleUnexpectedToken(BillingPeriod.class, p);
      }
      String text = p.getText();
      try {
        return BillingPeriod.parse(text);
      } catch (IllegalArgumentException e) {
        return (BillingPeriod)
            ctxt.handleWeirdStringValue(BillingPeriod.class, text, e.getMessage());
      }
    }
  }
}
