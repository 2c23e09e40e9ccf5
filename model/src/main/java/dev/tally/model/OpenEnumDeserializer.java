package dev.tally.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import java.io.IOException;

/** Reads an {@link OpenEnum} of whatever enum type the target property declares. */
final class OpenEnumDeserializer extends JsonDeserializer<OpenEnum<?>>
    implements ContextualDeserializer {

  private final Class<? extends Enum<?>> type;

  OpenEnumDeserializer() {
    this(null);
  }

  private OpenEnumDeserializer(Class<? extends Enum<?>> type) {
    this.type = type;
  }

  @Override
  @SuppressWarnings("unchecked")
  public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
      throws JsonMappingException {
    JavaType wanted = property != null ? property.getType() : ctxt.getContextualType();
    if (wanted != null && wanted.hasRawClass(OpenEnum.class)) {
      JavaType element = wanted.containedType(0);
      if (element != null && element.isEnumType()) {
        return new OpenEnumDeserializer((Class<? extends Enum<?>>) element.getRawClass());
      }
    }
    return ctxt.reportBadDefinition(wanted, "OpenEnum needs a concrete enum type parameter");
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public OpenEnum<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return (OpenEnum<?>) ctxt.handleUnexpectedToken(OpenEnum.class, p);
    }
    return OpenEnum.parse((Class) type, p.getText());
  }
}
