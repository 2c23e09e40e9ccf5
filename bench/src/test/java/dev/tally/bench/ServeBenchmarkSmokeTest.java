package dev.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The serve benchmark end to end at a toy size, on the embedded database: the real {@code tally
 * serve} beside Debian's nginx, loaded by wrk for a second per case. Checks that every case ran on
 * both sides without errors, over byte-identical bodies; nothing about time. Without wrk or nginx
 * it is skipped with a warning, and fails in CI (CI=true), where .ci/run installs them.
 */
class ServeBenchmarkSmokeTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void everyCaseRunsOnTallyAndNginxOverTheSameBytes() throws Exception {
    requireWrkAndNginx();
    var settings =
        new ServeBenchmark.Settings(
            new ServeDataset.Settings(2, 2, 3, 1, 2),
            List.of(4),
            1,
            Duration.ofSeconds(1),
            1,
            Duration.ZERO,
            List.of("-Xmx256m"),
            Path.of(System.getProperty("tally.jar", "../cli/target/tally.jar")));

    ServeBenchmark.Result r;
    try (BenchDatabase db = BenchDatabase.fresh("embedded", null, "serve-smoke", false)) {
      r = ServeBenchmark.run(db, settings, new Report(out, "serve", "embedded"));
    }

    assertThat(r.data().finalizedInvoices()).isEqualTo(2 * 2 * 2);
    assertThat(r.measurements()).hasSize(11);
    assertThat(r.measurements())
        .allSatisfy(
            m -> {
              assertThat(m.tally()).as(m.serveCase().name()).isNotNull();
              assertThat(m.tally().requests()).as(m.serveCase().name()).isPositive();
              assertThat(m.tally().errors()).as(m.serveCase().name()).isZero();
              assertThat(m.nginx().requests()).as(m.serveCase().name()).isPositive();
              assertThat(m.nginx().errors()).as(m.serveCase().name()).isZero();
              assertThat(m.nginxOnTheFly() != null).isEqualTo(m.serveCase().gzip());
            });
    // The list holds every closed month and the running draft, in both variants.
    var lists =
        r.answers().entrySet().stream()
            .filter(e -> e.getKey().path().equals(ServeDocument.LIST_PATH))
            .map(e -> new String(e.getValue().body(), StandardCharsets.UTF_8))
            .toList();
    assertThat(lists).hasSize(2).allSatisfy(list -> assertThat(list).contains("\"DRAFT\""));
    assertThat(r.answers().values())
        .allSatisfy(a -> assertThat(a.conditionalStatus()).isEqualTo(304));
    assertThat(r.startMillis()).isPositive();
    assertThat(r.afterStart().rssBytes()).isPositive();
    assertThat(r.afterLoad().peakRssBytes()).isGreaterThanOrEqualTo(r.afterStart().rssBytes());
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("serves the same bytes as Tally");
    assertThat(ServeReport.table(r.measurements(), r.answers())).hasSize(2 + 11);
  }

  @Test
  void theServeOptionsDefaultToTheIssuesSizes() {
    var o = Benchmarks.Options.parse(new String[] {"serve"}, Map.of());
    assertThat(o.orgs()).isEqualTo(1_000);
    assertThat(o.months()).isEqualTo(36);
    assertThat(o.clusters()).isEqualTo(20);
    assertThat(o.serve().smallClusters()).isEqualTo(3);
    assertThat(o.serve().connections()).containsExactly(16, 64);
    assertThat(o.serve().durationSeconds()).isEqualTo(15);
    assertThat(o.serve().runs()).isEqualTo(1);
    // The launchers' heap (README, "Memory and start-up").
    assertThat(o.serve().javaOptions()).containsExactly("-Xmx256m", "-Xms64m");

    var scaled =
        Benchmarks.Options.parse(
            new String[] {
              "serve", "--orgs", "10", "--months=3", "--connections", "8,32", "--heap", "1g"
            },
            Map.of("TALLY_SERVE_JAVA_OPTS", "-XX:+UseSerialGC"));
    assertThat(scaled.orgs()).isEqualTo(10);
    assertThat(scaled.months()).isEqualTo(3);
    assertThat(scaled.serve().connections()).containsExactly(8, 32);
    assertThat(scaled.serve().javaOptions())
        .containsExactly("-Xmx1g", "-Xms64m", "-XX:+UseSerialGC");
    // A bound below the launchers' initial heap is the whole heap: the JVM refuses -Xms above it.
    assertThat(
            Benchmarks.Options.parse(new String[] {"serve", "--heap", "32m"}, Map.of())
                .serve()
                .javaOptions())
        .containsExactly("-Xmx32m");
    // The other benchmarks keep their own defaults.
    assertThat(Benchmarks.Options.parse(new String[] {"close"}, Map.of()).orgs()).isEqualTo(10_000);
  }

  private static void requireWrkAndNginx() {
    String missing =
        Wrk.executable() == null
            ? Wrk.MISSING
            : NginxProcess.executable() == null ? NginxProcess.MISSING : null;
    if (missing == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true and the serve benchmark cannot run: " + missing + " (.ci/run does)");
    }
    System.err.println("WARNING: SKIPPING the serve benchmark's smoke test: " + missing);
    Assumptions.abort(missing);
  }
}
