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

  private static long usedAfterCollection(Runtime runtime) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
