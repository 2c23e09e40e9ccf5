package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The digest's canonical encoding, exactly as docs/billing-model.md ("The digest") states it. */
class CanonicalJsonTest {

  private static String canonical(String json) throws Exception {
    return new String(
        CanonicalJson.bytes(WireJson.mapper().readTree(json)), StandardCharsets.UTF_8);
  }

  @Test
  void aNumberTooLongToWriteOutIsRefusedNotWrittenAsABillionDigits() throws Exception {
    JsonNode huge = WireJson.mapper().readTree("{\"quantity\": 1E+999999999}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CanonicalJson.bytes(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 1000 digits");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CanonicalJson.decimal(new BigDecimal("1E-1001")))
        .isInstanceOf(IllegalArgumentException.class);
    String longest = "9".repeat(CanonicalJson.MAX_DIGITS);
    assertThat(CanonicalJson.decimal(new BigDecimal(longest))).isEqualTo(longest);
    assertThat(CanonicalJson.decimal(new BigDecimal("1E+999"))).hasSize(1000);
  }

  @Test
  void keysAreSortedNullsLeftOutAndThereIsNoWhitespace() throws Exception {
    assertThat(canonical("{ \"b\" : 1, \"a\" : [ true, false, null ], \"c\": null }"))
        .isEqualTo("{\"a\":[true,false,null],\"b\":1}");
    // UTF-16 code units: "Z" (U+005A) < "a" (U+0061) < "é" (U+00E9).
    assertThat(canonical("{\"é\":1,\"a\":2,\"Z\":3}")).isEqualTo("{\"Z\":3,\"a\":2,\"é\":1}");
  }

  @Test
  void numbersAreTheirExactPlainValue() throws Exception {
    assertThat(canonical("[30.00, 3.0E1, 30, 0.000000250, 1E-7, -0.0, 0, 1488.00, -12.50]"))
        .isEqualTo("[30,30,30,0.00000025,0.0000001,0,0,1488,-12.5]");
    assertThat(canonical("[123456789012345678901234567890.000000000001]"))
        .isEqualTo("[123456789012345678901234567890.000000000001]");
  }

  @Test
  void stringsEscapeOnlyQuotesBackslashesAndControlCharacters() throws Exception {
    assertThat(canonical("[\"a\\\"b\\\\c\\n\\u0001/é€😀\"]"))
        .isEqualTo("[\"a\\\"b\\\\c\\u000a\\u0001/é€😀\"]");
  }

  @Test
  void theDigestIsTheSha256OfTheEncoding() throws Exception {
    // SHA-256 of the two bytes {} is a well-known value.
    assertThat(CanonicalJson.sha256Hex(WireJson.mapper().readTree("{ }")))
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }

  @Test
  void randomDocumentsEncodeAsTheDocumentSaysWhateverTheirSize() throws Exception {
    Random random = new Random(20261205);
    for (int example = 0; example < 500; example++) {
      JsonNode tree = randomTree(random, 0);
      byte[] expected = reference(tree).getBytes(StandardCharsets.UTF_8);
      assertThat(CanonicalJson.bytes(tree)).isEqualTo(expected);
      assertThat(CanonicalJson.sha256Hex(tree))
          .isEqualTo(
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)));
    }
  }

  /** The rules of docs/billing-model.md written the plainest way, to hold the encoder to. */
  private static String reference(JsonNode node) {
    if (node.isNull()) {
      return "null";
    } else if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      List<String> members = new ArrayList<>();
      for (String name : names) {
        if (!node.get(name).isNull()) {
          members.add(referenceString(name) + ":" + reference(node.get(name)));
        }
      }
      return "{" + String.join(",", members) + "}";
    } else if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(reference(item)));
      return "[" + String.join(",", items) + "]";
    } else if (node.isNumber()) {
      BigDecimal value = node.decimalValue();
      return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    } else if (node.isBoolean()) {
      return String.valueOf(node.booleanValue());
    }
    return referenceString(node.textValue());
  }

  private static String referenceString(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.chars()
        .forEach(
            c -> {
              if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
              } else if (c < 0x20) {
                out.append("\\u").append(String.format("%04x", c));
              } else {
                out.append((char) c);
              }
            });
    return out.append('"').toString();
  }

  static JsonNode randomTree(Random random, int depth) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    int kind = depth > 3 ? 2 + random.nextInt(4) : random.nextInt(6);
    switch (kind) {
      case 0 -> {
        ObjectNode object = nodes.objectNode();
        for (int i = random.nextInt(6); i > 0; i--) {
          object.set(randomText(random, 6), randomTree(random, depth + 1));
        }
        return object;
      }
      case 1 -> {
        ArrayNode array = nodes.arrayNode();
        for (int i = random.nextInt(6); i > 0; i--) {
          array.add(randomTree(random, depth + 1));
        }
        return array;
      }
      case 2 -> {
        return switch (random.nextInt(4)) {
          case 0 -> nodes.numberNode(random.nextInt());
          case 1 -> nodes.numberNode(random.nextLong());
          case 2 ->
              nodes.numberNode(new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(12)));
          default -> nodes.numberNode(new BigDecimal(random.nextInt(1000)).scaleByPowerOfTen(3));
        };
      }
      case 3 -> {
        return random.nextBoolean() ? nodes.booleanNode(random.nextBoolean()) : nodes.nullNode();
      }
      default -> {
        // Now and then longer than the encoder's 8 KiB buffer.
        return nodes.textNode(randomText(random, random.nextInt(10) == 0 ? 20_000 : 12));
      }
    }
  }

  private static String randomText(Random random, int maxLength) {
    String alphabet = "ab\"\\\n\u0001\u001f é€😀\ud800";
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
      text.append(
          random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : 'x');
    }
    return text.toString();
  }
}
