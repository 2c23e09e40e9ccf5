package dev.tally.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Equal documents are equal bytes, whatever order their maps iterate in. */
class CanonicalJsonTest {

  private final ObjectMapper json = WireJson.mapper();

  @Test
  void labelsAreWrittenSortedByKeyWhateverTheirInsertionOrder() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add("label-" + (char) ('a' + i % 26) + i);
    }
    Random random = new Random(7);
    Set<String> written = new HashSet<>();
    for (int run = 0; run < 20; run++) {
      Collections.shuffle(keys, random);
      Map<String, String> labels = new LinkedHashMap<>();
      keys.forEach(key -> labels.put(key, "v-" + key));
      Invoice invoice =
          Samples.draft()
              .withItems(
                  List.of(Samples.item(Samples.cluster("c-1", "checkout", labels), "37.50")));

      written.add(json.writeValueAsString(invoice));
      assertThat(WireJson.canonicalBytes(invoice)).isEqualTo(json.writeValueAsBytes(invoice));
    }

    assertThat(written).hasSize(1);
    JsonNode labels =
        json.readTree(written.iterator().next()).at("/invoice_items/0/cluster/labels");
    List<String> order = new ArrayList<>();
    labels.fieldNames().forEachRemaining(order::add);
    assertThat(order).isSorted().hasSize(30);
  }

  @Test
  void aPlainMapIsWrittenInKeyOrderNotInsertionOrder() throws Exception {
    Map<String, Object> forward = new LinkedHashMap<>();
    forward.put("a", 1);
    forward.put("b", 2);
    forward.put("c", 3);
    Map<String, Object> backward = new LinkedHashMap<>();
    backward.put("c", 3);
    backward.put("b", 2);
    backward.put("a", 1);

    assertThat(json.writeValueAsString(backward)).isEqualTo("{\"a\":1,\"b\":2,\"c\":3}");
    assertThat(WireJson.canonicalBytes(backward)).isEqualTo(WireJson.canonicalBytes(forward));
  }

  @Test
  void canonicalBytesSortATreesPropertiesToo() throws Exception {
    JsonNode one = json.readTree("{\"z\":1,\"a\":{\"y\":2,\"b\":3}}");
    JsonNode other = json.readTree("{\"a\":{\"b\":3,\"y\":2},\"z\":1}");

    assertThat(new String(WireJson.canonicalBytes(one), UTF_8))
        .isEqualTo("{\"a\":{\"b\":3,\"y\":2},\"z\":1}");
    assertThat(WireJson.canonicalBytes(one)).isEqualTo(WireJson.canonicalBytes(other));
  }

  @Test
  void decimalsAreWrittenPlainNeverWithAnExponent() throws Exception {
    Map<String, BigDecimal> amounts =
        Map.of(
            "tiny",
            new BigDecimal("1E-7"),
            "huge",
            new BigDecimal("1E+12"),
            "cents",
            new BigDecimal("0.00"));

    assertThat(new String(WireJson.canonicalBytes(amounts), UTF_8))
        .isEqualTo("{\"cents\":0.00,\"huge\":1000000000000,\"tiny\":0.0000001}");
  }

  @Test
  void aDocumentReadBackWritesTheSameBytes() throws Exception {
    Invoice invoice = Samples.draft();
    byte[] bytes = WireJson.canonicalBytes(invoice);

    Invoice again = json.readValue(bytes, Invoice.class);

    assertThat(again).isEqualTo(invoice);
    assertThat(WireJson.canonicalBytes(again)).isEqualTo(bytes);
  }
}
