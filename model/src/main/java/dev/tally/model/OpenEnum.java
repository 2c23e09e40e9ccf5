package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.Objects;

/**
 * A wire enumeration value that survives values this build does not know.
 *
 * <p>{@link #value()} is the Java constant, or the enum's {@code UNKNOWN} constant when the wire
 * carried something newer; {@link #raw()} is always the exact string that was on the wire, and it
 * is what gets written back.
 *
 * @param value the known constant, or {@code UNKNOWN}
 * @param raw the string as sent on the wire
 * @param <E> a wire enum with an {@code UNKNOWN} constant
 */
@JsonDeserialize(using = OpenEnumDeserializer.class)
public record OpenEnum<E extends Enum<E>>(E value, @JsonValue String raw) {

  public OpenEnum {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(raw, "raw");
  }

  /** Wraps a known constant. */
  public static <E extends Enum<E>> OpenEnum<E> of(E value) {
    if (value.name().equals("UNKNOWN")) {
      throw new IllegalArgumentException(
          "UNKNOWN stands for a value this build does not know; use parse(...)");
    }
    return new OpenEnum<>(value, value.name());
  }

  /** Reads a wire string; unknown strings map to the enum's {@code UNKNOWN} constant. */
  public static <E extends Enum<E>> OpenEnum<E> parse(Class<E> type, String raw) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(raw) && !constant.name().equals("UNKNOWN")) {
        return new OpenEnum<>(constant, raw);
      }
    }
    return new OpenEnum<>(Enum.valueOf(type, "UNKNOWN"), raw);
  }

  /** Whether the wire value is one this build knows. */
  public boolean isKnown() {
    return !value.name().equals("UNKNOWN");
  }

  /** True when this holds exactly the given known constant. */
  public boolean is(E constant) {
    return value == constant && isKnown();
  }

  @Override
  public String toString() {
    return raw;
  }
}
