package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.cli.usage.UsageFileReader;
import dev.tally.model.Invoice;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.WireJson;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tally usage import} against a real server on a real database: files in, invoices out,
 * every event counted once however often it is sent.
 */
class UsageImportCommandTest {

  private static final String HEADER = "event_id,organization_id,cluster_id,sku,quantity,timestamp";
  private static final String NOVEMBER =
      "start_time=2026-11-01T00:00:00Z&end_time=2026-12-01T00:00:00Z";

  @TempDir static Path dir;
  private static TestServer server;
  private static String operatorKey;

  @BeforeAll
  static void start() {
    server = TestServer.on(DatabaseConfig.embedded(dir.resolve("db")));
    server.clock().set(Instant.parse("2026-11-15T12:00:00Z"));
    operatorKey =
        server
            .tally()
            .tx()
            .write(db -> db.operatorKeys().create("t", java.time.Instant.now()))
            .token();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String url() {
    return "http://127.0.0.1:" + server.port();
  }

  private static CliRun importing(Map<String, String> env, Object file, String... options) {
    List<String> args = new ArrayList<>(List.of("usage", "import", file.toString()));
    args.addAll(List.of(options));
    return CliRun.withEnv(env, args.toArray(String[]::new));
  }

  private static CliRun importing(Object file, String... options) {
    return importing(Map.of("TALLY_OPERATOR_KEY", operatorKey, "TALLY_URL", url()), file, options);
  }

  private static TestServer.Tenant tenant() {
    return server.tenant("Metered", Instant.parse("2026-01-01T00:00:00Z"), "web", "db");
  }

  /**
   * Event i of a tenant: standard.compute on one of its clusters, some day of November before now.
   */
  private static String[] event(TestServer.Tenant t, String prefix, int i, String quantity) {
    return new String[] {
      prefix + "-" + i,
      t.orgId(),
      t.clusters().get(i % 2).id(),
      "standard.compute",
      quantity,
      "2026-11-%02dT%02d:00:00Z".formatted(1 + i % 14, i % 24)
    };
  }

  private static Path csv(String name, List<String[]> events) throws IOException {
    List<String> lines = new ArrayList<>(List.of(HEADER));
    events.forEach(e -> lines.add(String.join(",", e)));
    return Files.write(dir.resolve(name), lines);
  }

  private static String ndjsonLine(String[] e) throws IOException {
    Map<String, Object> event = new java.util.LinkedHashMap<>();
    for (int i = 0; i < e.length; i++) {
      event.put(UsageFileReader.COLUMNS.get(i), i == 4 ? new BigDecimal(e[i]) : e[i]);
    }
    return WireJson.mapper().writeValueAsString(event);
  }

  private static List<String[]> events(
      TestServer.Tenant t, String prefix, int count, String quantity) {
    List<String[]> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(event(t, prefix, i, quantity));
    }
    return events;
  }

  private static String invoices(TestServer.Tenant t) {
    HttpResponse<String> response = server.get("/api/v1/invoices?" + NOVEMBER, t.billingKey());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  /** The November draft's compute quantity, summed over its clusters. */
  private static BigDecimal computeHours(TestServer.Tenant t) throws IOException {
    List<Invoice> invoices =
        WireJson.mapper().readValue(invoices(t), ListInvoicesResponse.class).invoices();
    return invoices.stream()
        .flatMap(i -> i.invoiceItems().stream())
        .flatMap(i -> i.lineItems().stream())
        .map(l -> l.quantity())
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void aCsvFileIsAcceptedWholeAndImportingItAgainGivesDuplicatesAndTheSameDraftInvoice()
      throws IOException {
    TestServer.Tenant t = tenant();
    Path file = csv("november.csv", events(t, "csv", 25, "1.5"));

    CliRun first = importing(file, "--batch-size", "10");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("read 25 events: 25 accepted, 0 duplicates, 0 rejected\n");
    assertThat(first.err()).contains("usage import: done in").contains("26 lines in 3 batches");
    String draft = invoices(t);
    assertThat(computeHours(t)).isEqualByComparingTo("37.5");

    CliRun again = importing(file);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo("read 25 events: 0 accepted, 25 duplicates, 0 rejected\n");
    assertThat(invoices(t)).isEqualTo(draft);
  }

  @Test
  void anNdjsonFileIsAcceptedWholeAndImportingItAgainGivesDuplicatesAndTheSameDraftInvoice()
      throws IOException {
    TestServer.Tenant t = tenant();
    List<String> lines = new ArrayList<>();
    for (String[] e : events(t, "nd", 12, "0.25")) {
      lines.add(ndjsonLine(e));
    }
    lines.add(2, "");
    Path file = Files.write(dir.resolve("november.ndjson"), lines);

    CliRun first = importing(file, "--batch-size", "5");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("read 12 events: 12 accepted, 0 duplicates, 0 rejected\n");
    String draft = invoices(t);
    assertThat(computeHours(t)).isEqualByComparingTo("3");

    CliRun again = importing(file);
    assertThat(again.out()).isEqualTo("read 12 events: 0 accepted, 12 duplicates, 0 rejected\n");
    assertThat(invoices(t)).isEqualTo(draft);
  }

  @Test
  void aGzippedFileIsReadCompressedAndTheFormatCanBeGivenForAnyName() throws IOException {
    TestServer.Tenant t = tenant();
    Path gz = dir.resolve("events.jsonl.gz");
    try (BufferedWriter out =
        new BufferedWriter(
            new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(gz)), StandardCharsets.UTF_8))) {
      for (String[] e : events(t, "gz", 30, "2")) {
        out.write(ndjsonLine(e) + "\n");
      }
    }
    CliRun run = importing(gz);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("read 30 events: 30 accepted, 0 duplicates, 0 rejected\n");

    Path odd = Files.copy(csv("odd.csv", events(t, "odd", 3, "1")), dir.resolve("export.txt"));
    assertThat(importing(odd, "--format", "csv").out()).startsWith("read 3 events: 3 accepted");
    CliRun unknown = importing(odd);
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(unknown.err())
        .startsWith("error: cannot tell the format of ")
        .contains("--format csv");
  }

  @Test
  void badLinesAndUnknownClustersAreRejectedAndListedByLineWithExitTwoWhileTheRestCount()
      throws IOException {
    TestServer.Tenant t = tenant();
    String org = t.orgId();
    String web = t.clusters().get(0).id();
    Path file =
        Files.write(
            dir.resolve("mixed.csv"),
            List.of(
                HEADER,
                "ok-1," + org + "," + web + ",standard.compute,1,2026-11-02T10:00:00Z",
                "short-2," + org + "," + web + ",standard.compute,2",
                "lost-3," + org + ",no-such-cluster,standard.compute,1,2026-11-02T10:00:00Z",
                "\"a,b\"," + org + "," + web + ",standard.compute,1,2026-11-02T10:00:00Z",
                "neg-5," + org + "," + web + ",standard.compute,-1,2026-11-02T10:00:00Z",
                "",
                "\"ok-7\",\""
                    + org
                    + "\",\""
                    + web
                    + "\",\"standard.compute\",\"2.5\",\"2026-11-03T10:00:00Z\"",
                "\"open-8," + org + "," + web + ",standard.compute,1,2026-11-02T10:00:00Z",
                "late-9," + org + "," + web + ",standard.compute,1,2026-12-02T10:00:00Z"));

    CliRun run = importing(file, "--batch-size", "2");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.INVALID_INPUT);
    List<String> out = run.out().lines().toList();
    assertThat(out.getFirst()).isEqualTo("read 8 events: 2 accepted, 0 duplicates, 6 rejected");
    assertThat(out.get(1))
        .startsWith("6 events were rejected and not counted; fix them and import again");
    assertThat(out.get(2)).matches(" +LINE +EVENT_ID +REASON");
    assertThat(out.subList(3, out.size()))
        .satisfiesExactly(
            l -> assertThat(l).matches(" +3 +short-2 +expected 6 columns, found 5"),
            l ->
                assertThat(l)
                    .matches(" +4 +lost-3 +unknown cluster no-such-cluster in organization " + org),
            l -> assertThat(l).matches(" +5 +a,b +event_id may only contain .*"),
            l -> assertThat(l).matches(" +6 +neg-5 +quantity must not be negative.*"),
            l -> assertThat(l).matches(" +9 +- +the quoted field at column 1 has no closing quote"),
            l ->
                assertThat(l)
                    .matches(" +10 +late-9 +timestamp 2026-12-02T10:00:00Z is in the future.*"));
    assertThat(computeHours(t)).isEqualByComparingTo("3.5");
  }

  @Test
  void linesThatCannotBeEventsAreRejectedLocallyInTheSameReportAndEveryLineHasOneOutcome()
      throws IOException {
    TestServer.Tenant t = tenant();
    String org = t.orgId();
    String web = t.clusters().get(0).id();
    Path file =
        Files.write(
            dir.resolve("typed.csv"),
            List.of(
                HEADER,
                "ok-1," + org + "," + web + ",standard.compute,1,2026-11-02T10:00:00Z",
                "qty-2," + org + "," + web + ",standard.compute,NaN,2026-11-02T10:00:00Z",
                "sku-3," + org + "," + web + ",no.such.sku,1,2026-11-02T10:00:00Z",
                "time-4," + org + "," + web + ",standard.compute,1,2026-11-02T10:00Z",
                "none-5," + org + "," + web + ",standard.compute,,2026-11-02T10:00:00Z",
                "ok-1," + org + "," + web + ",standard.compute,1,2026-11-02T10:00:00Z"));

    CliRun run = importing(file, "--batch-size", "2");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.INVALID_INPUT);
    List<String> out = run.out().lines().toList();
    assertThat(out.getFirst()).isEqualTo("read 6 events: 1 accepted, 1 duplicate, 4 rejected");
    assertThat(out.subList(3, out.size()))
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .matches(
                        " +3 +qty-2 +quantity must be a decimal number written with digits 0-9.*, got 'NaN'"),
            l -> assertThat(l).matches(" +4 +sku-3 +unknown SKU no.such.sku"),
            l ->
                assertThat(l).matches(" +5 +time-4 +timestamp must be an RFC 3339 time such as .*"),
            l -> assertThat(l).matches(" +6 +none-5 +quantity is missing"));
    assertThat(computeHours(t)).isEqualByComparingTo("1");
  }

  @Test
  void malformedNdjsonLinesAreRejectedLocallyWithTheirLineNumbers() throws IOException {
    TestServer.Tenant t = tenant();
    Path file =
        Files.write(
            dir.resolve("broken.ndjson"),
            List.of(
                ndjsonLine(event(t, "j", 1, "1")),
                "{\"event_id\": \"j-2\", ",
                "[1, 2]",
                ndjsonLine(event(t, "j", 4, "1")) + " {}"));

    CliRun run = importing(file);

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.out()).startsWith("read 4 events: 1 accepted, 0 duplicates, 3 rejected\n");
    assertThat(run.out().lines().skip(3).toList())
        .satisfiesExactly(
            l -> assertThat(l).matches(" +2 +- +not valid JSON at column \\d+: .+"),
            l -> assertThat(l).matches(" +3 +- +expected a JSON object, found array"),
            l -> assertThat(l).matches(" +4 +- +not valid JSON at column \\d+: .*"));
  }

  @Test
  void halfACharacterRejectsItsLineAloneAndALongEventIdIsQuotedBounded() throws IOException {
    TestServer.Tenant t = tenant();
    String[] longId = event(t, "h", 3, "1");
    longId[0] = "\u202E" + "x".repeat(300);
    Path file =
        Files.write(
            dir.resolve("halves.ndjson"),
            List.of(
                ndjsonLine(event(t, "h", 1, "1")),
                ndjsonLine(event(t, "h", 2, "1")).replace("\"h-2\"", "\"h-2\\ud800x\""),
                ndjsonLine(longId),
                ndjsonLine(event(t, "h", 4, "1")),
                ndjsonLine(event(t, "h", 5, "1")).replace("standard.compute", "std\\udc00")));

    CliRun run = importing(file);

    // The server would refuse the whole batch for the half character: the line stays here.
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.out()).startsWith("read 5 events: 2 accepted, 0 duplicates, 3 rejected\n");
    assertThat(run.out().lines().skip(3).toList())
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .matches(
                        " +2 +- +a string holds \\\\ud800 without the other half of its"
                            + " surrogate pair, which is not a character"),
            l -> assertThat(l).matches(" +3  \\?x{63}…  event_id is 301 characters long.*"),
            l ->
                assertThat(l)
                    .matches(" +5  h-5 +a string holds \\\\udc00 without the other half.*"));
  }

  @Test
  void theListingStopsAtTwentyAndSaysHowManyMore() throws IOException {
    TestServer.Tenant t = tenant();
    List<String[]> events = events(t, "many", 30, "1");
    events.forEach(e -> e[3] = "no.such.sku");
    CliRun run = importing(csv("many.csv", events));

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    List<String> out = run.out().lines().toList();
    assertThat(out.getFirst()).isEqualTo("read 30 events: 0 accepted, 0 duplicates, 30 rejected");
    assertThat(out).hasSize(3 + 20 + 1);
    assertThat(out.get(3)).matches(" +2 +many-0 +unknown SKU no.such.sku");
    assertThat(out.get(22)).matches(" +21 +many-19 +unknown SKU no.such.sku");
    assertThat(out.getLast()).isEqualTo("  ... and 10 more");
  }

  @Test
  void aWrongRevokedMissingOrOrganizationKeyIsAnAuthFailureAndNothingIsSent() throws IOException {
    TestServer.Tenant t = tenant();
    Path file = csv("auth.csv", events(t, "auth", 3, "1"));

    CliRun unknown =
        importing(
            Map.of(
                "TALLY_OPERATOR_KEY",
                "TALLYOP1_" + "A".repeat(22) + "_" + "b".repeat(40),
                "TALLY_URL",
                url()),
            file);
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.AUTH);
    assertThat(unknown.err())
        .isEqualTo(
            "error: the operator key was rejected (401): the operator key is not valid: "
                + "it is unknown or revoked; nothing was committed\n");
    assertThat(unknown.out()).isEmpty();

    var revoked =
        server
            .tally()
            .tx()
            .write(db -> db.operatorKeys().create("revoked", java.time.Instant.now()));
    server
        .tally()
        .tx()
        .write(db -> db.operatorKeys().revoke(revoked.id(), java.time.Instant.now()));
    CliRun withRevoked =
        importing(Map.of("TALLY_OPERATOR_KEY", revoked.token(), "TALLY_URL", url()), file);
    assertThat(withRevoked.exitCode()).isEqualTo(ExitCode.AUTH);

    CliRun apiKey =
        importing(Map.of("TALLY_OPERATOR_KEY", t.billingKey(), "TALLY_URL", url()), file);
    assertThat(apiKey.exitCode()).isEqualTo(ExitCode.AUTH);
    assertThat(apiKey.err())
        .contains("holds a Billing API key")
        .contains("tally operator-keys create");

    CliRun none = importing(Map.of("TALLY_URL", url()), file);
    assertThat(none.exitCode()).isEqualTo(ExitCode.AUTH);
    assertThat(none.err())
        .startsWith("error: no operator key: set TALLY_OPERATOR_KEY or pass --operator-key-file");
    assertThat(computeHours(t)).isZero();

    Path keyFile = Files.writeString(dir.resolve("op.key"), operatorKey + "\n");
    CliRun fromFile =
        importing(Map.of(), file, "--operator-key-file", keyFile.toString(), "--url", url() + "/");
    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(computeHours(t)).isEqualByComparingTo("3");
  }

  @Test
  void anUnreachableServerIsANetworkFailureAfterRetries() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path file = csv("nowhere.csv", events(tenant(), "nowhere", 3, "1"));

    CliRun run =
        importing(
            Map.of("TALLY_OPERATOR_KEY", operatorKey),
            file,
            "--url",
            "http://127.0.0.1:" + closedPort,
            "--max-retries",
            "1");

    assertThat(run.exitCode()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
    assertThat(run.err())
        .contains(
            "usage import: batch 1: cannot reach http://127.0.0.1:"
                + closedPort
                + ": connection refused; retry 1 of 1 in ");
    assertThat(run.err().lines().toList().getLast())
        .isEqualTo(
            "error: cannot reach http://127.0.0.1:"
                + closedPort
                + ": connection refused (gave up on batch 1 after 2 attempts); nothing was committed");
  }

  @Test
  void aBatchWhoseAnswerWasLostIsSentAgainAndCountsOnce() throws IOException {
    TestServer.Tenant t = tenant();
    Path file = csv("flaky.csv", events(t, "flaky", 30, "1"));
    // Batch 1 is refused once; batch 2 reaches the server but its answer is lost.
    try (FlakyProxy proxy =
        new FlakyProxy(
            server.port(),
            n ->
                switch (n) {
                  case 1 -> FlakyProxy.Fate.REFUSE;
                  case 3 -> FlakyProxy.Fate.LOSE_ANSWER;
                  default -> FlakyProxy.Fate.PASS;
                })) {
      CliRun run =
          importing(
              Map.of("TALLY_OPERATOR_KEY", operatorKey),
              file,
              "--url",
              proxy.url(),
              "--batch-size",
              "10");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("read 30 events: 20 accepted, 10 duplicates, 0 rejected\n");
      assertThat(run.err())
          .contains("batch 1: the server answered 503: restarting; retry 1 of 5")
          .contains("batch 2: the server answered 502: <html>bad gateway</html>; retry 1 of 5");
      assertThat(proxy.requests()).isEqualTo(5);
    }
    assertThat(computeHours(t)).isEqualByComparingTo("30");
  }

  @Test
  void aServerThatStaysDownStopsWithExitFiveSayingWhatWasCommittedAndARerunFinishes()
      throws IOException {
    TestServer.Tenant t = tenant();
    Path file = csv("outage.csv", events(t, "outage", 30, "1"));
    try (FlakyProxy proxy =
        new FlakyProxy(
            server.port(), n -> n <= 2 ? FlakyProxy.Fate.PASS : FlakyProxy.Fate.REFUSE)) {
      CliRun run =
          importing(
              Map.of("TALLY_OPERATOR_KEY", operatorKey),
              file,
              "--url",
              proxy.url(),
              "--batch-size",
              "10",
              "--max-retries",
              "2");

      assertThat(run.exitCode()).isEqualTo(ExitCode.SERVER_OR_NETWORK);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().lines().toList().getLast())
          .isEqualTo(
              "error: the server answered 503: restarting "
                  + "(gave up on batch 3 after 3 attempts); the server had taken every event up to line 21; importing the "
                  + "file again is safe: events already accepted count as duplicates");
    }
    assertThat(computeHours(t)).isEqualByComparingTo("20");

    CliRun rerun = importing(file);
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.out()).isEqualTo("read 30 events: 10 accepted, 20 duplicates, 0 rejected\n");
    assertThat(computeHours(t)).isEqualByComparingTo("30");
  }

  @Test
  void aHundredThousandLinesImportInBatchesOfAThousandAndAddUpOnTheInvoice() throws IOException {
    TestServer.Tenant t = tenant();
    Path file = dir.resolve("big.csv");
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write(HEADER + "\n");
      for (int i = 0; i < 100_000; i++) {
        out.write(String.join(",", event(t, "big", i, "0.001")) + "\n");
      }
    }

    CliRun run = importing(file);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo("read 100000 events: 100000 accepted, 0 duplicates, 0 rejected\n");
    assertThat(run.err()).contains("100,001 lines in 100 batches");
    assertThat(computeHours(t)).isEqualByComparingTo("100");
  }

  @Test
  void halfAMillionLinesStreamInBatchesNeverLargerThanTheBatchSize() throws IOException {
    // The importer alone, against a stand-in that only counts: a database would take minutes.
    TestServer.Tenant t = tenant();
    Path file = dir.resolve("half-million.ndjson");
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < 500_000; i++) {
        String[] e = event(t, "m", i, "1");
        out.write(
            "{\"event_id\":\""
                + e[0]
                + "\",\"organization_id\":\""
                + e[1]
                + "\",\"cluster_id\":\""
                + e[2]
                + "\",\"sku\":\""
                + e[3]
                + "\",\"quantity\":"
                + e[4]
                + ",\"timestamp\":\""
                + e[5]
                + "\"}\n");
      }
    }
    try (CountingOperatorApi api = new CountingOperatorApi()) {
      CliRun run =
          importing(
              Map.of("TALLY_OPERATOR_KEY", operatorKey),
              file,
              "--url",
              api.url(),
              "--batch-size",
              "2500");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .isEqualTo("read 500000 events: 500000 accepted, 0 duplicates, 0 rejected\n");
      assertThat(api.events()).isEqualTo(500_000);
      assertThat(api.batches()).isEqualTo(200);
      assertThat(api.largestBatch()).isEqualTo(2500);
    }
  }

  @Test
  void badFilesAndOptionsAreInvalidInputBeforeAnythingIsSent() throws IOException {
    assertThat(importing(dir.resolve("absent.csv")).err())
        .isEqualTo("error: no such file: " + dir.resolve("absent.csv") + "\n");

    Path noHeader =
        Files.write(
            dir.resolve("noheader.csv"),
            List.of("e-1,org,c,standard.compute,1,2026-11-02T10:00:00Z"));
    CliRun missingHeader = importing(noHeader);
    assertThat(missingHeader.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(missingHeader.err())
        .startsWith("error: " + noHeader + " line 1 is not the CSV header: it lacks event_id, ")
        .contains("must be the header " + HEADER);

    Path reordered =
        Files.write(
            dir.resolve("reordered.csv"),
            List.of("\uFEFFsku,quantity,timestamp,event_id,organization_id,cluster_id"));
    assertThat(importing(reordered).out())
        .isEqualTo("read 0 events: 0 accepted, 0 duplicates, 0 rejected\n");

    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, (HEADER + "\ncaf\u00e9,o,c,s,1,t\n").getBytes(StandardCharsets.ISO_8859_1));
    CliRun notUtf8 = importing(latin1);
    assertThat(notUtf8.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(notUtf8.out().lines().toList().getLast())
        .matches(" +2 +- +the line is not UTF-8 text");

    Path fine = csv("fine.csv", List.of());
    CliRun tooBig = importing(fine, "--batch-size", "10001");
    assertThat(tooBig.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(tooBig.err()).isEqualTo("error: --batch-size must be 1 to 10000, got 10001\n");
    Map<String, String> badUrl =
        new HashMap<>(Map.of("TALLY_OPERATOR_KEY", operatorKey, "TALLY_URL", "ftp://x"));
    assertThat(importing(badUrl, fine).err())
        .startsWith("error: TALLY_URL must be an http or https URL");
  }
}
