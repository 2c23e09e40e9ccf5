package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.extensions.BillingContact;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Writing canonical bytes straight from objects gives exactly the bytes of the tree route ({@link
 * CanonicalJson#bytes}), and takes the fast way for the wire model's invoices.
 */
class CanonicalJsonWriterTest {

  private static final ObjectMapper JSON = WireJson.mapper();

  private static byte[] treeRoute(Object value) {
    return CanonicalJson.bytes(JSON.valueToTree(value));
  }

  @Test
  void anInvoiceIsWrittenWithoutATreeAndAsTheTreeRouteWritesIt() {
    Invoice invoice = Samples.draft();
    Optional<byte[]> direct = CanonicalJsonWriter.bytes(invoice);
    assertThat(direct).isPresent();
    assertThat(direct.get()).isEqualTo(treeRoute(invoice));
    assertThat(new String(direct.get(), StandardCharsets.UTF_8))
        .startsWith("{\"adjustments\":[{\"amount\":{\"amount\":0,\"currency\":\"USD\"}")
        .doesNotContain(": ")
        .doesNotContain("null");
  }

  @Test
  void randomMapsAndListsGiveTheTreeRoutesBytes() {
    Random random = new Random(20261206);
    int direct = 0;
    for (int example = 0; example < 1_000; example++) {
      JsonNode tree = CanonicalJsonTest.randomTree(random, 0);
      // Plain Java values in the tree's member order (LinkedHashMap), not sorted.
      Object value = JSON.convertValue(tree, Object.class);
      assertThat(CanonicalJson.bytesOf(value)).isEqualTo(CanonicalJson.bytes(tree));
      if (CanonicalJsonWriter.bytes(value).isPresent()) {
        direct++;
      }
    }
    // Control characters and lone surrogates send many to the tree; the rest must not need it.
    System.out.println("written directly: " + direct + " of 1000");
    assertThat(direct).isGreaterThan(200);
  }

  record Tricky(
      @JsonProperty("z_last") String last,
      @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal shown,
      BigDecimal plain,
      BigInteger big,
      long count,
      Map<String, Object> labels,
      BillingContact contact,
      List<Object> items,
      @JsonProperty("a_first") String first) {}

  @Test
  void nullsDecimalsNamesAndNestingMatchTheTreeRoute() {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("team", "pay \"x\"\\");
    labels.put("Zone", null);
    labels.put("é", "€😀");
    labels.put("a", new BigDecimal("1.500"));
    Tricky value =
        new Tricky(
            null,
            new BigDecimal("12.50"),
            new BigDecimal("1.5E+3"),
            new BigInteger("123456789012345678901234567890"),
            -7,
            labels,
            BillingContact.NONE,
            java.util.Arrays.asList(null, new BigDecimal("-0.000"), true, List.of()),
            "first");
    Optional<byte[]> direct = CanonicalJsonWriter.bytes(value);
    assertThat(direct).isPresent();
    assertThat(new String(direct.get(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"a_first\":\"first\",\"big\":123456789012345678901234567890,\"contact\":{},"
                + "\"count\":-7,\"items\":[null,0,true,[]],"
                + "\"labels\":{\"a\":1.5,\"team\":\"pay \\\"x\\\"\\\\\",\"é\":\"€😀\"},"
                + "\"plain\":1500,\"shown\":\"12.50\"}");
    assertThat(direct.get()).isEqualTo(treeRoute(value));
  }

  record Floating(double ratio) {}

  @Test
  void whatTheWriterCannotVouchForGoesThroughTheTree() {
    Floating floating = new Floating(0.1);
    assertThat(CanonicalJsonWriter.bytes(floating)).isEmpty();
    assertThat(CanonicalJson.bytesOf(floating)).isEqualTo(treeRoute(floating));

    Map<String, String> loneSurrogate = Map.of("name", "a\ud800b");
    assertThat(CanonicalJsonWriter.bytes(loneSurrogate)).isEmpty();
    assertThat(CanonicalJson.bytesOf(loneSurrogate)).isEqualTo(treeRoute(loneSurrogate));

    Map<String, String> controls = Map.of("name\t", "pay\u0001\n");
    assertThat(CanonicalJsonWriter.bytes(controls)).isEmpty();
    assertThat(new String(CanonicalJson.bytesOf(controls), StandardCharsets.UTF_8))
        .isEqualTo("{\"name\\u0009\":\"pay\\u0001\\u000a\"}");
  }
}
