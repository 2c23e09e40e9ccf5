package dev.tally.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

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

  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of a JSON tree (read it with {@link WireJson#mapper()}). */
  public static byte[] bytes(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical bytes of a wire-model value (a record, list or map), via {@link WireJson}. */
  public static byte[] bytesOf(Object value) {
    return bytes(TREES.valueToTree(value));
  }

  /** Lowercase hex SHA-256 of the canonical bytes. */
  public static String sha256Hex(JsonNode value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(value)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A decimal's canonical text: plain, no trailing fraction zeros, {@code 0} for zero. */
  public static String decimal(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    return value.stripTrailingZeros().toPlainString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      boolean first = true;
      for (String name : names) {
        JsonNode member = node.get(name);
        if (member == null || member.isNull()) {
          continue;
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        string(name, out);
        out.append(':');
        write(member, out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(node.get(i), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      out.append(decimal(node.decimalValue()));
    } else if (node.isBoolean()) {
      out.append(node.booleanValue() ? "true" : "false");
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
