package dev.tally.server.orgs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.errors.Failure;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterLabelsTest {

  @Test
  void labelsAsCockroachDbCloudDocumentsThemAreAccepted() {
    Map<String, String> labels = new HashMap<>();
    labels.put("env", "prod");
    labels.put("cost_center", "4100");
    labels.put("team-a", "");
    labels.put("k" + "x".repeat(62), "v".repeat(63));
    assertThatCode(() -> ClusterLabels.requireValid(labels)).doesNotThrowAnyException();
    assertThatCode(() -> ClusterLabels.requireValid(null)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource({
    "Env, label key 'Env' must start with a lowercase letter",
    "1env, label key '1env' must start",
    "_env, label key '_env' must start",
    "env.prod, label key 'env.prod' must start",
    "'', label key '' must start",
    "café, label key 'café' must start"
  })
  void aKeyOutsideTheRuleIsRefusedByName(String key, String message) {
    assertThatThrownBy(() -> ClusterLabels.requireValid(Map.of(key, "v")))
        .isInstanceOf(Failure.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"Prod", "pro_d", "a b", "prod\n", "prod\u2028", "x.y"})
  void aValueOutsideTheRuleIsRefusedNamingItsKey(String value) {
    assertThatThrownBy(() -> ClusterLabels.requireValid(Map.of("env", value)))
        .isInstanceOf(Failure.class)
        .hasMessageStartingWith(
            "the value of label 'env' must hold only lowercase letters, digits and '-'");
  }

  @Test
  void lengthsAndCountsPastTheLimitsAreRefused() {
    assertThatThrownBy(() -> ClusterLabels.requireValid(Map.of("k" + "x".repeat(63), "v")))
        .isInstanceOf(Failure.class)
        .hasMessageEndingWith("' is 64 characters long; the limit is 63");
    assertThatThrownBy(() -> ClusterLabels.requireValid(Map.of("k", "v".repeat(64))))
        .isInstanceOf(Failure.class)
        .hasMessage("the value of label 'k' is 64 characters long; the limit is 63");
    Map<String, String> many = new HashMap<>();
    IntStream.range(0, 51).forEach(i -> many.put("k" + i, "v"));
    assertThatThrownBy(() -> ClusterLabels.requireValid(many))
        .isInstanceOf(Failure.class)
        .hasMessage("a cluster may have at most 50 labels; this one has 51");
    many.remove("k50");
    assertThatCode(() -> ClusterLabels.requireValid(many)).doesNotThrowAnyException();
  }
}
