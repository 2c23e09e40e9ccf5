package dev.tally.server.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.testing.Backend;
import dev.tally.server.testing.RatedMonths;
import dev.tally.server.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The same inputs give the same digests on every backend of the run (embedded H2 and PostgreSQL),
 * and a restart changes none: a digest depends on values only, never on a database's number or text
 * formatting, nor on a JVM's map order. The expected values are pinned, so a change of encoding
 * cannot go unnoticed either.
 */
class DigestIsStableTest {

  /** The digests of the seeded months, since the encoding was fixed (tally-invoice-digest/1). */
  private static final Map<String, String> PINNED =
      Map.of(
          "2026-08", "05237bdb01036abfd2fa1862f156e27d1667bdaaf37baa8a437139b1a16e684c",
          "2026-09", "111ef253da0f88df3405282a77f95a3242e6690e561e1dff64158fe06e19cae5",
          "2026-10", "3e22523c90a3f14775e6a7c186d9fc7c86b6fbd697ec883b8973e9b8b6ec71a2");

  @Test
  void theSameInputsGiveTheSameDigestsOnEveryBackendAndAcrossRestarts() {
    List<Backend> backends = Backend.all().toList();
    Map<String, Map<String, String>> byBackend = new LinkedHashMap<>();
    for (Backend backend : backends) {
      try (TestServer server = TestServer.on(backend)) {
        RatedMonths.seed(server, "org-digest", List.of("c-alpha", "c-beta"));
        Map<String, String> digests = digests(server);
        server.restart();
        assertThat(digests(server)).as("%s after a restart", backend).isEqualTo(digests);
        assertThat(
                server
                    .tally()
                    .verifier()
                    .verify(Optional.of("org-digest"), Optional.empty(), r -> {})
                    .identical())
            .isEqualTo(3);
        byBackend.put(backend.toString(), digests);
      }
    }
    Map<String, String> first = byBackend.values().iterator().next();
    assertThat(first).hasSize(3);
    byBackend.forEach((backend, digests) -> assertThat(digests).as(backend).isEqualTo(first));
    assertThat(first).isEqualTo(PINNED);
  }

  private static Map<String, String> digests(TestServer server) {
    Map<String, String> digests = new LinkedHashMap<>();
    for (var month : List.of(RatedMonths.AUGUST, RatedMonths.SEPTEMBER, RatedMonths.OCTOBER)) {
      digests.put(
          month.toString(),
          server.queryString(
              "SELECT digest FROM invoices WHERE organization_id = ? AND period_start = ?",
              "org-digest",
              java.sql.Timestamp.from(month.start())));
    }
    return digests;
  }
}
