package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.errors.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

  private final StrictJson json = new StrictJson();

  private static byte[] bodyWithName(String name) {
    return ("{\"" + name + "\":1}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aFieldNameOfTheLimitIsReadAndOneCharacterMoreIsRefusedSayingSo() {
    // Characters of one to four bytes in UTF-8 (the parser counts bytes), and é escaped.
    String[][] characters = {
      {"a", "a"}, {"é", "é"}, {"✓", "✓"}, {"😀", "😀"}, {"\\u00e9", "é"}, {"\\\"", "\""}
    };
    for (String[] c : characters) {
      String written = c[0].repeat(StrictJson.MAX_NAME);
      assertThat(json.object(bodyWithName(written)).has(c[1].repeat(StrictJson.MAX_NAME)))
          .as(c[0])
          .isTrue();
      assertThatThrownBy(() -> json.object(bodyWithName(written + c[0])))
          .as(c[0])
          .isInstanceOf(Failure.class)
          .hasMessage("the body is not accepted: a field name may be at most 256 characters long");
    }
  }

  @Test
  void halfASurrogatePairOrAnEscapeJsonDoesNotHaveIsNamedAsSuch() {
    for (String name : new String[] {"a\\ud800", "a\\ude00\\ud83d", "a\\ud800\\u0041"}) {
      assertThatThrownBy(() -> json.object(bodyWithName(name)))
          .as(name)
          .isInstanceOf(Failure.class)
          .hasMessageStartingWith(
              "the body is not valid JSON: a field name holds half of a surrogate pair");
    }
    // In a value, the same words from StrictJson's own check.
    assertThatThrownBy(() -> json.object("{\"a\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Failure.class)
        .hasMessageContaining("without the other half of its surrogate pair");
    assertThatThrownBy(() -> json.object(bodyWithName("a\\x")))
        .isInstanceOf(Failure.class)
        .hasMessageStartingWith("the body is not valid JSON: a string holds a backslash escape");
  }

  @Test
  void longStringValuesAndNamesInsideThemAreNotMistakenForLongNames() {
    String value = "x".repeat(5_000);
    assertThat(
            json.object(
                    ("{\"note\":\"" + value + "\",\"a\\\"b\":1}").getBytes(StandardCharsets.UTF_8))
                .get("note")
                .textValue())
        .isEqualTo(value);
  }

  @Test
  void distinctFieldNamesSentOnPurposeAreNotKeptAcrossBodies() {
    // 100 bodies of 5,000 distinct names of the longest kind: kept, they would hold about
    // 350 MB; the parser's table of names keeps at most about 4 MB whatever is sent.
    Random random = new Random(7);
    Runtime runtime = Runtime.getRuntime();
    long before = usedAfterCollection(runtime);
    for (int body = 0; body < 100; body++) {
      StringBuilder text = new StringBuilder(5_000 * (StrictJson.MAX_NAME + 6)).append('{');
      for (int n = 0; n < 5_000; n++) {
        text.append(n == 0 ? "\"" : ",\"");
        for (int i = 0; i < StrictJson.MAX_NAME; i++) {
          text.append((char) ('a' + random.nextInt(26)));
        }
        text.append("\":1");
      }
      json.object(text.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }
    long after = usedAfterCollection(runtime);

    assertThat(after - before).isLessThan(48L << 20);
  }

  @Test
  void namesSharingOneHashAreRefusedAndLeaveLaterBodiesAlone() {
    String valid =
        "{\"events\":[{\"event_id\":\"e1\",\"organization_id\":\"o\",\"cluster_id\":\"c\","
            + "\"sku\":\"s\",\"quantity\":1,\"timestamp\":\"2026-12-01T00:00:00Z\"}]}";
    StringBuilder many = new StringBuilder("{\"events\":[]");
    for (int i = 0; i < 6_100; i++) {
      many.append(",\"reset-").append(i).append("\":1");
    }
    StringBuilder colliding = new StringBuilder("{\"events\":[]");
    for (String name : namesHashedLikeOrganizationId(1_000)) {
      colliding.append(",\"").append(name).append("\":1");
    }

    json.object(many.append('}').toString().getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () -> json.object(colliding.append('}').toString().getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Failure.class)
        .hasMessageContaining("share one hash");
    for (int i = 0; i < 3; i++) {
      assertThat(json.object(valid.getBytes(StandardCharsets.UTF_8)).at("/events/0/sku").asText())
          .isEqualTo("s");
    }
  }

  /**
   * Names of 28 bytes whose hash in Jackson's table of UTF-8 names equals {@code organization_id}'s
   * whatever the table's seed: the same first three 4-byte groups, and groups after them that add
   * up to the same sum, which is all the hash keeps of them.
   */
  private static java.util.List<String> namesHashedLikeOrganizationId(int count) {
    int target = spread(0xFF000000 | quad("_id".getBytes(StandardCharsets.US_ASCII), 0, 3));
    Random random = new Random(1);
    java.util.List<String> names = new java.util.ArrayList<>();
    byte[] middle = new byte[12];
    while (names.size() < count) {
      for (int i = 0; i < middle.length; i++) {
        middle[i] = printable(random.nextInt(94));
      }
      int rest =
          target
              - spread(quad(middle, 0, 4))
              - spread(quad(middle, 4, 4))
              - spread(quad(middle, 8, 4));
      Integer last = unspread(rest);
      if (last == null) {
        continue;
      }
      byte[] tail = {
        (byte) (last >>> 24), (byte) (last >>> 16), (byte) (last >>> 8), (byte) (int) last
      };
      boolean ok = true;
      for (byte b : tail) {
        ok &= b >= 0x21 && b <= 0x7e && b != '"' && b != '\\';
      }
      if (ok) {
        names.add(
            "organization"
                + new String(middle, StandardCharsets.US_ASCII)
                + new String(tail, StandardCharsets.US_ASCII));
      }
    }
    return names;
  }

  private static byte printable(int n) {
    byte b = (byte) (0x21 + n);
    return b == '"' || b == '\\' ? (byte) 'x' : b;
  }

  private static int quad(byte[] bytes, int from, int length) {
    int q = 0;
    for (int i = 0; i < length; i++) {
      q = (q << 8) | (bytes[from + i] & 0xFF);
    }
    return q;
  }

  private static int spread(int q) {
    return q ^ (q >> 21);
  }

  private static Integer unspread(int y) {
    for (int top = 0; top <= 1; top++) {
      int high = (y ^ (top == 1 ? 0xFFFFF800 : 0)) & 0xFFFFF800;
      if ((high >>> 31) != top) {
        continue;
      }
      int x = high | ((y ^ (high >>> 21)) & 0x7FF);
      if (spread(x) == y) {
        return x;
      }
    }
    return null;
  }

  private static long usedAfterCollection(Runtime runtime) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
