package dev.tally.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical encoding that invoice digests are computed over (docs/billing-model.md, "The
 * digest"): one byte sequence per JSON value, whatever the map order, whitespace or number
 * formatting of the document it was read from, and whatever the library or version that wrote it.
 * It builds on {@link WireJson} (which already sorts keys and writes decimals plainly) and pins
 * down the rest itself, so that no library default can change a digest:
 *
 * <ul>
 *   <li>objects: members sorted by key, compared as UTF-16 code units ({@link String#compareTo});
 *       members whose value is {@code null} are left out; {@code {"k":v,...}} with no whitespace;
 *   <li>arrays: in order, {@code [a,b]};
 *   <li>strings: {@code "} and backslash escaped with a backslash, U+0000 to U+001F as a backslash,
 *       {@code u} and four lowercase hex digits, everything else as itself, in UTF-8;
 *   <li>numbers: the exact decimal value in plain notation (never an exponent), without trailing
 *       fraction zeros or a trailing point, {@code 0} for zero: {@code 1.50}, {@code 1.5E0} and
 *       {@code 1.5} are all {@code 1.5}; {@code 1488.00} is {@code 1488};
 *   <li>{@code true}, {@code false}.
 * </ul>
 *
 * <p>Unlike RFC 8785 (JCS), numbers are never passed through a binary double, so decimals stay
 * exact.
 */
public final class CanonicalJson {

  private static final com.fasterxml.jackson.databind.ObjectMapper TREES = WireJson.mapper();

  private static final MessageDigest SHA256 = sha256Prototype();

  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of a JSON tree (read it with {@link WireJson#mapper()}). */
  public static byte[] bytes(JsonNode value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Encoder encoder = new Encoder(out::write)) {
      encoder.write(value);
    }
    return out.toByteArray();
  }

  /**
   * The canonical bytes of a wire-model value (a record, list or map), as {@link WireJson} writes
   * it: the same bytes as {@link #bytes} of its tree, usually written without building the tree.
   */
  public static byte[] bytesOf(Object value) {
    return CanonicalJsonWriter.bytes(value).orElseGet(() -> bytes(TREES.valueToTree(value)));
  }

  /**
   * Lowercase hex SHA-256 of byte sequences one after the other, as if they were one: for a
   * document assembled from canonical parts (see {@code InvoiceDigest}).
   */
  public static String sha256Hex(byte[]... parts) {
    MessageDigest sha256 = sha256();
    for (byte[] part : parts) {
      sha256.update(part);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /**
   * Lowercase hex SHA-256 of the canonical bytes. The bytes go straight into the hash, a buffer at
   * a time, never held whole: a month's rating record has thousands of members, and this runs once
   * per invoice in the close.
   */
  public static String sha256Hex(JsonNode value) {
    MessageDigest sha256 = sha256();
    try (Encoder encoder = new Encoder(sha256::update)) {
      encoder.write(value);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** A fresh SHA-256: cloning one is cheaper than asking the providers again, once per invoice. */
  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return sha256Prototype();
    }
  }

  private static MessageDigest sha256Prototype() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A string's canonical encoding, quotes included, as text. */
  public static String string(String value) {
    return new String(
        bytes(com.fasterxml.jackson.databind.node.TextNode.valueOf(value)), StandardCharsets.UTF_8);
  }

  /**
   * The most digits a number's canonical text may have. No amount or quantity comes near it; a
   * number such as {@code 1E+999999999}, which only a document changed by hand can hold, would
   * otherwise be written out as a billion digits.
   */
  public static final int MAX_DIGITS = 1_000;

  /**
   * A decimal's canonical text: plain, no trailing fraction zeros, {@code 0} for zero.
   *
   * @throws IllegalArgumentException when its plain text would have more than {@link #MAX_DIGITS}
   *     digits
   */
  public static String decimal(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (!isPlainWithin(stripped, MAX_DIGITS)) {
      throw new IllegalArgumentException(
          "a number of more than " + MAX_DIGITS + " digits has no canonical encoding: " + value);
    }
    return stripped.toPlainString();
  }

  /** Whether {@code value}'s plain text has at most {@code digits} digits. */
  public static boolean isPlainWithin(BigDecimal value, int digits) {
    long integral = Math.max(0L, (long) value.precision() - value.scale());
    long fraction = Math.max(0L, (long) value.scale());
    return integral + fraction <= digits;
  }

  /** Where an encoder's full buffers go. */
  private interface Sink {
    void accept(byte[] bytes, int offset, int length);
  }

  /** Writes one tree's canonical bytes into a buffer that it empties into a sink when full. */
  private static final class Encoder implements AutoCloseable {
    private final Sink sink;
    private final byte[] buffer = new byte[8192];
    private int used;

    Encoder(Sink sink) {
      this.sink = sink;
    }

    void write(JsonNode node) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        ascii("null");
      } else if (node.isObject()) {
        object(node);
      } else if (node.isArray()) {
        put('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            put(',');
          }
          write(node.get(i));
        }
        put(']');
      } else if (node.isInt() || node.isLong()) {
        // The same text decimal() gives an integral value, without a BigDecimal.
        ascii(Long.toString(node.longValue()));
      } else if (node.isNumber()) {
        ascii(decimal(node.decimalValue()));
      } else if (node.isBoolean()) {
        ascii(node.booleanValue() ? "true" : "false");
      } else if (node.isTextual()) {
        string(node.textValue());
      } else {
        throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
      }
    }

    private void object(JsonNode node) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        if (member.getValue() != null && !member.getValue().isNull()) {
          members.add(member);
        }
      }
      members.sort(Map.Entry.comparingByKey());
      put('{');
      for (int i = 0; i < members.size(); i++) {
        if (i > 0) {
          put(',');
        }
        string(members.get(i).getKey());
        put(':');
        write(members.get(i).getValue());
      }
      put('}');
    }

    private void string(String text) {
      put('"');
      int length = text.length();
      int i = 0;
      // Printable ASCII, the common case, straight into the buffer while it has room.
      while (i < length && used < buffer.length) {
        char c = text.charAt(i);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
          break;
        }
        buffer[used++] = (byte) c;
        i++;
      }
      for (; i < length; i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          // Beyond ASCII, let the platform's UTF-8 encoder have the rest (surrogate pairs and
          // all), escaping as below first.
          utf8(escaped(text, i));
          break;
        } else if (c == '"' || c == '\\') {
          put('\\');
          put(c);
        } else if (c < 0x20) {
          ascii(controlEscape(c));
        } else {
          put(c);
        }
      }
      put('"');
    }

    private static String escaped(String text, int from) {
      StringBuilder out = new StringBuilder(text.length() - from + 8);
      for (int i = from; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20) {
          out.append(controlEscape(c));
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    private static String controlEscape(char c) {
      return String.format("\\u%04x", (int) c);
    }

    private void utf8(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        put(b);
      }
    }

    private void ascii(String text) {
      for (int i = 0; i < text.length(); i++) {
        put(text.charAt(i));
      }
    }

    private void put(int b) {
      if (used == buffer.length) {
        drain();
      }
      buffer[used++] = (byte) b;
    }

    private void drain() {
      sink.accept(buffer, 0, used);
      used = 0;
    }

    @Override
    public void close() {
      drain();
    }
  }
}
