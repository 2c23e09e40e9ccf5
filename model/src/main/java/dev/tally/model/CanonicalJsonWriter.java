package dev.tally.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Writes a wire-model value's {@link CanonicalJson canonical} bytes straight from the object, with
 * no tree in between: the close computes a digest per invoice, and building two trees to walk them
 * once was most of what keeping a rating record cost (docs/benchmarks.md, "The close with rating
 * records").
 *
 * <p>It does not trust the mapper to be canonical; it checks as it writes. Jackson writes members
 * sorted by name ({@link MapperFeature#SORT_PROPERTIES_ALPHABETICALLY}, map keys and tree nodes
 * sorted too); the generator below refuses a member out of order, drops members whose value is
 * {@code null} and writes decimals in their canonical form; strings it passes to the library, whose
 * standard escaping is the encoding's for text without control characters. Anything it cannot vouch
 * for (a floating-point or raw value, a lone surrogate, an unsorted member, nesting deeper than
 * {@value #MAX_DEPTH}) makes it give up, and {@link CanonicalJson#bytesOf} then goes through a
 * tree. Giving up costs time, never a different byte.
 */
final class CanonicalJsonWriter {

  private static final int MAX_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      WireJson.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
          .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
          // A character beyond U+FFFF as its four UTF-8 bytes, not as two escapes.
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  private static final ObjectWriter WRITER = MAPPER.writer();

  private CanonicalJsonWriter() {}

  /**
   * @param value a wire-model record, list or map
   * @return its canonical UTF-8 bytes, or empty if this writer cannot vouch for them
   */
  static Optional<byte[]> bytes(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      WRITER.writeValue(new Checked(json), value);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(out.toByteArray());
  }

  /** What the checking generator throws when the output would not be canonical. */
  private static final class NotCanonical extends IOException {
    NotCanonical(String why) {
      super(why);
    }
  }

  /**
   * Passes a value through to the real generator, holding each member's name until its value comes:
   * a {@code null} value drops both.
   */
  private static final class Checked extends JsonGeneratorDelegate {
    private final String[] lastName = new String[MAX_DEPTH];
    private int depth;
    private String pendingName;
    private SerializableString pendingSerialized;

    Checked(JsonGenerator json) {
      super(json, false);
    }

    private void name(String name, SerializableString serialized) throws IOException {
      if (pendingName != null || depth == 0) {
        throw new NotCanonical("a member name where a value belongs");
      }
      String last = lastName[depth - 1];
      if (last != null && last.compareTo(name) >= 0) {
        throw new NotCanonical("members out of order: " + last + ", " + name);
      }
      lastName[depth - 1] = checked(name);
      pendingName = name;
      pendingSerialized = serialized;
    }

    private void value() throws IOException {
      if (pendingName != null) {
        if (pendingSerialized != null) {
          delegate.writeFieldName(pendingSerialized);
        } else {
          delegate.writeFieldName(pendingName);
        }
        pendingName = null;
        pendingSerialized = null;
      }
    }

    private void open(boolean object) throws IOException {
      value();
      if (depth == MAX_DEPTH) {
        throw new NotCanonical("nested deeper than " + MAX_DEPTH);
      }
      lastName[depth++] = null;
      if (object) {
        delegate.writeStartObject();
      } else {
        delegate.writeStartArray();
      }
    }

    @Override
    public void writeFieldName(String name) throws IOException {
      name(name, null);
    }

    @Override
    public void writeFieldName(SerializableString name) throws IOException {
      // Its pre-quoted form is the library's standard escaping, which is the encoding's for text
      // without control characters (checked): the quoted bytes can be used as they are.
      name(name.getValue(), name);
    }

    /**
     * The library writes {@code \\n} where the encoding writes {@code \\u000a}, and escapes a lone
     * surrogate as {@code \\uD800} where the encoding writes what the platform's UTF-8 encoder
     * makes of it. Leave such text to the tree.
     */
    private static String checked(String text) throws NotCanonical {
      boolean surrogates = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20) {
          throw new NotCanonical("a control character");
        }
        surrogates |= Character.isSurrogate(c);
      }
      if (surrogates && Utf16.loneSurrogateAt(text) >= 0) {
        throw new NotCanonical("a lone surrogate");
      }
      return text;
    }

    @Override
    public void writeStartObject() throws IOException {
      open(true);
    }

    @Override
    public void writeStartObject(Object forValue) throws IOException {
      open(true);
    }

    @Override
    public void writeStartObject(Object forValue, int size) throws IOException {
      open(true);
    }

    @Override
    public void writeStartArray() throws IOException {
      open(false);
    }

    @Override
    public void writeStartArray(int size) throws IOException {
      open(false);
    }

    @Override
    public void writeStartArray(Object forValue) throws IOException {
      open(false);
    }

    @Override
    public void writeStartArray(Object forValue, int size) throws IOException {
      open(false);
    }

    @Override
    public void writeEndObject() throws IOException {
      depth--;
      delegate.writeEndObject();
    }

    @Override
    public void writeEndArray() throws IOException {
      depth--;
      delegate.writeEndArray();
    }

    @Override
    public void writeNull() throws IOException {
      if (pendingName != null) {
        pendingName = null;
        pendingSerialized = null;
      } else {
        delegate.writeNull();
      }
    }

    @Override
    public void writeString(String text) throws IOException {
      if (text == null) {
        writeNull();
        return;
      }
      value();
      delegate.writeString(checked(text));
    }

    @Override
    public void writeString(char[] text, int offset, int length) throws IOException {
      writeString(new String(text, offset, length));
    }

    @Override
    public void writeString(SerializableString text) throws IOException {
      writeString(text.getValue());
    }

    @Override
    public void writeBoolean(boolean state) throws IOException {
      value();
      delegate.writeBoolean(state);
    }

    @Override
    public void writeNumber(short v) throws IOException {
      writeNumber((long) v);
    }

    @Override
    public void writeNumber(int v) throws IOException {
      writeNumber((long) v);
    }

    @Override
    public void writeNumber(long v) throws IOException {
      value();
      delegate.writeNumber(v);
    }

    @Override
    public void writeNumber(BigInteger v) throws IOException {
      writeNumber(v == null ? null : new BigDecimal(v));
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
      if (v == null) {
        writeNull();
        return;
      }
      value();
      delegate.writeNumber(CanonicalJson.decimal(v));
    }

    // Everything else a serializer could call is something the encoding does not say how to
    // write, or bypasses the checks above: give up rather than guess.

    @Override
    public void writeNumber(double v) throws IOException {
      throw new NotCanonical("a floating-point number");
    }

    @Override
    public void writeNumber(float v) throws IOException {
      throw new NotCanonical("a floating-point number");
    }

    @Override
    public void writeNumber(String encoded) throws IOException {
      throw new NotCanonical("a number as text");
    }

    @Override
    public void writeNumber(char[] encoded, int offset, int length) throws IOException {
      throw new NotCanonical("a number as text");
    }

    @Override
    public void writeFieldId(long id) throws IOException {
      throw new NotCanonical("a numeric member name");
    }

    @Override
    public void writeString(java.io.Reader reader, int length) throws IOException {
      throw new NotCanonical("a streamed string");
    }

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
      throw new NotCanonical("a raw string");
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
      throw new NotCanonical("a raw string");
    }

    @Override
    public void writeRaw(String text) throws IOException {
      throw new NotCanonical("raw output");
    }

    @Override
    public void writeRaw(String text, int offset, int length) throws IOException {
      throw new NotCanonical("raw output");
    }

    @Override
    public void writeRaw(SerializableString raw) throws IOException {
      throw new NotCanonical("raw output");
    }

    @Override
    public void writeRaw(char[] text, int offset, int length) throws IOException {
      throw new NotCanonical("raw output");
    }

    @Override
    public void writeRaw(char c) throws IOException {
      throw new NotCanonical("raw output");
    }

    @Override
    public void writeRawValue(String text) throws IOException {
      throw new NotCanonical("raw output");
    }

    @Override
    public void writeRawValue(String text, int offset, int length) throws IOException {
      throw new NotCanonical("raw output");
    }

    @Override
    public void writeRawValue(char[] text, int offset, int length) throws IOException {
      throw new NotCanonical("raw output");
    }

    @Override
    public void writeBinary(
        com.fasterxml.jackson.core.Base64Variant variant, byte[] data, int offset, int length)
        throws IOException {
      throw new NotCanonical("binary data");
    }

    @Override
    public int writeBinary(
        com.fasterxml.jackson.core.Base64Variant variant, java.io.InputStream data, int length)
        throws IOException {
      throw new NotCanonical("binary data");
    }

    @Override
    public void writeArray(int[] array, int offset, int length) throws IOException {
      throw new NotCanonical("a primitive array");
    }

    @Override
    public void writeArray(long[] array, int offset, int length) throws IOException {
      throw new NotCanonical("a primitive array");
    }

    @Override
    public void writeArray(double[] array, int offset, int length) throws IOException {
      throw new NotCanonical("a primitive array");
    }

    @Override
    public void writeArray(String[] array, int offset, int length) throws IOException {
      throw new NotCanonical("a primitive array");
    }

    @Override
    public void writeEmbeddedObject(Object object) throws IOException {
      throw new NotCanonical("an embedded object");
    }

    @Override
    public void writeObjectId(Object id) throws IOException {
      throw new NotCanonical("an object id");
    }

    @Override
    public void writeObjectRef(Object id) throws IOException {
      throw new NotCanonical("an object reference");
    }

    @Override
    public void writeTypeId(Object id) throws IOException {
      throw new NotCanonical("a type id");
    }
  }
}
