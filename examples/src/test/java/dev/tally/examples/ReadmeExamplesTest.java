package dev.tally.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Java examples are this module's programs, word for word, and they do what the README
 * says when run, as a program of their own, against a real server.
 */
class ReadmeExamplesTest {

  /**
   * {@code <!-- compiled: PATH -->} right before a {@code ```java} block names the source that
   * holds it.
   */
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- compiled: (\\S+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static SeededServer seeded;

  @BeforeAll
  static void start() {
    seeded = SeededServer.embedded();
  }

  @AfterAll
  static void stop() {
    seeded.close();
  }

  @Test
  void everyJavaSnippetInTheReadmeIsPartOfACompiledExample() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher snippets = SNIPPET.matcher(readme);
    List<String> checked = new ArrayList<>();
    while (snippets.find()) {
      Path source = ROOT.resolve(snippets.group(1));
      assertThat(source).as("the README names " + snippets.group(1)).isRegularFile();
      assertThat(normalized(Files.readString(source)))
          .as(snippets.group(1))
          .contains(normalized(snippets.group(2)));
      checked.add(snippets.group(1));
    }
    assertThat(checked)
        .contains(
            "examples/src/main/java/dev/tally/examples/ListInvoices.java",
            "examples/src/main/java/dev/tally/examples/InvoiceBreakdown.java");
    // Every ```java block is one of those: none can escape the check by losing its marker.
    assertThat(readme.split("```java", -1).length - 1).isEqualTo(checked.size());
  }

  @Test
  void listInvoicesPrintsWhatWasPaidEachMonthAsTheReadmeSays() throws Exception {
    Run run = runExample(ListInvoices.class);

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> expected =
        seeded.invoices(SeededServer.FIRST, YearMonth.of(2026, 9)).stream()
            .map(i -> i.periodStart() + "  " + i.totals().getFirst().amount() + " USD")
            .toList();
    assertThat(run.out().lines()).containsExactlyElementsOf(expected);
    assertThat(run.out().lines().findFirst())
        .hasValueSatisfying(
            line -> assertThat(line).matches("2026-01-01T00:00:00Z  \\d+\\.\\d{2} USD"));
  }

  @Test
  void invoiceBreakdownPrintsEachClustersSubtotal() throws Exception {
    var september = seeded.invoices.get(YearMonth.of(2026, 9));

    Run run = runExample(InvoiceBreakdown.class, september.invoiceId());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "checkout  " + september.invoiceItems().get(0).totals().getFirst().amount() + " USD",
            "payments  " + september.invoiceItems().get(1).totals().getFirst().amount() + " USD");

    Run missing = runExample(InvoiceBreakdown.class, "no-such-invoice");
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err())
        .isEqualTo("no invoice no-such-invoice: invoice no-such-invoice does not exist\n");
  }

  private record Run(int exitCode, String out, String err) {}

  /**
   * Runs {@code main} in a JVM of its own, as a user would, with the server and key in the
   * environment variables the README names.
   */
  private static Run runExample(Class<?> example, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                example.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.remove("COCKROACH_API_KEY"); // the SDK would prefer it to TALLY_API_KEY
    env.put("TALLY_URL", seeded.url());
    env.put("TALLY_API_KEY", seeded.acmeKey);
    Path out = Files.createTempFile("example", ".out");
    Path err = Files.createTempFile("example", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(example.getSimpleName() + " did not finish in 60 s");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Whitespace runs become one space, so indentation and line wrapping do not matter. */
  private static String normalized(String code) {
    return code.replaceAll("\\s+", " ").strip();
  }
}
