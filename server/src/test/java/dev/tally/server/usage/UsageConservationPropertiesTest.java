package dev.tally.server.usage;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.atlassian.oai.validator.model.Request;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.WireJson;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/**
 * Conservation, model-based (issue 7): every unit of usage is billed exactly once.
 *
 * <p>Each example is a random sequence of operations run against a fresh real server, over HTTP
 * only: batches of usage events (fresh, exact replays, conflicting reuse of an event id,
 * out-of-range quantities, unknown organization/cluster/SKU, before the billing start, late for a
 * closed month, the same per-tenant event ids {@code evt-1, evt-2, ...} in every organization),
 * price-book revisions (some of which must be refused), credit grants, adjustments, clock moves,
 * month closes, restarts and new organizations. A model in the test predicts each event's outcome
 * under the intended rules:
 *
 * <ul>
 *   <li>every event is exactly one of accepted, duplicate or rejected (with its index and reason);
 *   <li>dedup is scoped to (organization_id, event_id); the same key with different content is
 *       rejected with ALREADY_EXISTS, identical content is a duplicate;
 *   <li>usage before an organization's billing start (its creation month) is rejected; so is usage
 *       of a closed month (FAILED_PRECONDITION);
 *   <li>an out-of-range quantity is rejected alone, the rest of its batch is accepted; a 26-digit
 *       quantity may be accepted (then it is billed exactly) or rejected, never a 5xx;
 *   <li>a price-book revision that leaves accepted usage of an open month without a price is
 *       refused with a 4xx naming the SKU, organization and month.
 * </ul>
 *
 * <p>After every step it reads every organization's invoices with a billing key and checks: one
 * invoice per month from the billing start to the current month, list and detail agree, status
 * FINALIZED exactly for closed months, per (organization, month, cluster, SKU) the line-item
 * quantity equals the sum of the events answered accepted, the arithmetic of the billing model
 * (line totals, item totals, invoice totals), the adjustments, and that a FINALIZED invoice never
 * changes (byte for byte). No answer may be a 5xx.
 *
 * <p>Knobs (system properties): {@code tally.conservation.seed} (default fixed), {@code
 * tally.conservation.sequences} (default 15), {@code tally.conservation.steps} (the most steps of
 * one sequence, default 30), {@code tally.conservation.shrinks} (shrink attempts after a failure,
 * default 8), {@code tally.conservation.skip} (comma-separated generators to switch off while
 * debugging: crossOrgIds, conflicts, beforeStart, huge, unpricedRevisions).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class UsageConservationPropertiesTest {

  static final long SEED = Long.getLong("tally.conservation.seed", 7_2026_1115L);
  static final int SEQUENCES = Integer.getInteger("tally.conservation.sequences", 15);
  static final int MAX_STEPS = Integer.getInteger("tally.conservation.steps", 30);
  static final int SHRINKS = Integer.getInteger("tally.conservation.shrinks", 8);
  static final Set<String> SKIP =
      Arrays.stream(System.getProperty("tally.conservation.skip", "").split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .collect(Collectors.toSet());

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final Instant START = Instant.parse("2026-11-15T12:00:00Z");

  @Parameter Backend backend;

  /**
   * One step of a program: the entropy its operation and details are drawn from (mixed with the
   * step's position, so that the boundary values QuickTheories tries first still give varied
   * programs).
   */
  record Choice(long entropy) {}

  /** A sequence of steps; interpreted against the model's state, so any list is a valid program. */
  record Program(List<Choice> steps) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("program of " + steps.size() + " steps [");
      for (int i = 0; i < steps.size(); i++) {
        s.append(i == 0 ? "" : " ").append(opName(random(steps.get(i), i + 1).nextInt(100)));
      }
      return s.append("]").toString();
    }
  }

  private static Gen<Program> programs() {
    Gen<Choice> choice = longs().all().map(Choice::new);
    return lists()
        .of(choice)
        .ofSizeBetween(Math.max(1, MAX_STEPS / 2), MAX_STEPS)
        .map(Program::new);
  }

  @Test
  void everyEventGetsOneOutcomeAndEveryAcceptedUnitIsBilledExactlyOnce() {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicLong steps = new AtomicLong();
    long started = System.nanoTime();
    try {
      qt().withFixedSeed(SEED)
          .withExamples(SEQUENCES)
          .withShrinkCycles(SHRINKS)
          .forAll(programs())
          .checkAssert(
              program -> {
                int run = runs.incrementAndGet();
                new Run(backend, run, program, steps).execute();
                completed.incrementAndGet();
              });
    } finally {
      System.out.printf(
          "conservation [%s]: %d sequences run (%d completed without a violation), %d steps, %.1f s; seed %d"
              + " (-Dtally.conservation.seed=%d -Dtally.conservation.sequences=N for more)%n",
          backend,
          runs.get(),
          completed.get(),
          steps.get(),
          (System.nanoTime() - started) / 1e9,
          SEED,
          SEED);
    }
  }

  static Random random(Choice choice, int step) {
    long z = choice.entropy() + step * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return new Random(z ^ (z >>> 33));
  }

  static String opName(int op) {
    if (op < 45) return "batch";
    if (op < 55) return "clock";
    if (op < 65) return "close";
    if (op < 73) return "prices";
    if (op < 79) return "credits";
    if (op < 87) return "adjust";
    if (op < 93) return "restart";
    return "new-org";
  }

  // ---------------------------------------------------------------------------------------------
  // The model

  enum Outcome {
    ACCEPTED,
    DUPLICATE,
    REJECTED
  }

  /** One usage event as sent. {@code qty} is null when the quantity is not a number. */
  record Ev(
      String org,
      String orgLabel,
      String eid,
      String cluster,
      String clusterLabel,
      String sku,
      String qtyText,
      boolean qtyAsNumber,
      BigDecimal qty,
      Instant ts,
      String kind) {

    Map<String, Object> json() {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("event_id", eid);
      e.put("organization_id", org);
      e.put("cluster_id", cluster);
      e.put("sku", sku);
      e.put("quantity", qtyAsNumber && qty != null ? (Object) new BigDecimal(qtyText) : qtyText);
      e.put("timestamp", ts.toString());
      return e;
    }

    boolean sameContent(Ev o) {
      return org.equals(o.org)
          && eid.equals(o.eid)
          && cluster.equals(o.cluster)
          && sku.equals(o.sku)
          && qty != null
          && o.qty != null
          && qty.compareTo(o.qty) == 0
          && ts.equals(o.ts);
    }

    YearMonth month() {
      return YearMonth.from(ts.atOffset(ZoneOffset.UTC));
    }

    LocalDate day() {
      return ts.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    Ev with(
        String newCluster,
        String newClusterLabel,
        String newSku,
        String newQty,
        Instant newTs,
        String newKind) {
      return new Ev(
          org,
          orgLabel,
          eid,
          newCluster,
          newClusterLabel,
          newSku,
          newQty,
          qtyAsNumber,
          newQty == null ? null : new BigDecimal(newQty),
          newTs,
          newKind);
    }

    @Override
    public String toString() {
      String q =
          qtyText.length() > 34
              ? qtyText.substring(0, 30) + "…(" + qtyText.length() + " chars)"
              : qtyText;
      return kind
          + ": "
          + orgLabel
          + " "
          + eid
          + " "
          + clusterLabel
          + " "
          + sku
          + " qty="
          + q
          + " @"
          + ts;
    }
  }

  /** What the model allows for one event. */
  static final class Expect {
    Outcome pass = Outcome.ACCEPTED;
    boolean mustReject;
    boolean mayReject;
    boolean anyCode;
    final Set<String> codes = new TreeSet<>();
    final List<String> why = new ArrayList<>();

    void must(String reason, String... allowedCodes) {
      mustReject = true;
      add(reason, allowedCodes);
    }

    void may(String reason, String... allowedCodes) {
      mayReject = true;
      add(reason, allowedCodes);
    }

    private void add(String reason, String... allowedCodes) {
      why.add(reason);
      if (allowedCodes.length == 0) {
        anyCode = true;
      }
      codes.addAll(Arrays.asList(allowedCodes));
    }

    boolean codeAllowed(String code) {
      return anyCode || codes.contains(code);
    }

    @Override
    public String toString() {
      String reject =
          (anyCode ? "any code" : String.join("|", codes)) + " (" + String.join("; ", why) + ")";
      if (mustReject) return "REJECTED " + reject;
      if (mayReject) return pass + " or REJECTED " + reject;
      return pass + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")");
    }
  }

  /** An event id's accepted content in one organization. */
  record Held(Ev ev, YearMonth month) {}

  record LineKey(String cluster, String sku) implements Comparable<LineKey> {
    @Override
    public int compareTo(LineKey o) {
      int c = cluster.compareTo(o.cluster);
      return c != 0 ? c : sku.compareTo(o.sku);
    }
  }

  static final class OrgModel {
    final String label;
    final TestServer.Tenant tenant;
    final String key;
    final YearMonth first;
    final Map<String, String> clusterLabels = new LinkedHashMap<>();
    YearMonth lastClosed;
    int nextEvent = 1;
    final Map<String, Held> held = new HashMap<>();
    final Map<YearMonth, Map<LineKey, BigDecimal>> expected = new TreeMap<>();
    final Map<YearMonth, Map<LineKey, List<String>>> acceptedIds = new TreeMap<>();
    final Map<YearMonth, Map<String, TreeSet<LocalDate>>> usedDays = new TreeMap<>();
    final Map<YearMonth, List<String>> adjustments = new TreeMap<>();
    final Map<String, String> finalized = new HashMap<>();
    final Map<String, String> finalizedListed = new HashMap<>();

    OrgModel(String label, TestServer.Tenant tenant, Instant createdAt, String... clusterNames) {
      this.label = label;
      this.tenant = tenant;
      this.key = tenant.billingKey();
      this.first = YearMonth.from(createdAt.atOffset(ZoneOffset.UTC));
      for (int i = 0; i < clusterNames.length; i++) {
        clusterLabels.put(tenant.clusters().get(i).id(), label + "/" + clusterNames[i]);
      }
    }

    String id() {
      return tenant.orgId();
    }

    boolean closed(YearMonth m) {
      return lastClosed != null && !m.isAfter(lastClosed) && !m.isBefore(first);
    }

    List<String> clusterIds() {
      return new ArrayList<>(clusterLabels.keySet());
    }

    void accept(Ev e) {
      YearMonth m = e.month();
      held.put(e.eid(), new Held(e, m));
      LineKey line = new LineKey(e.cluster(), e.sku());
      expected.computeIfAbsent(m, k -> new TreeMap<>()).merge(line, e.qty(), BigDecimal::add);
      acceptedIds
          .computeIfAbsent(m, k -> new TreeMap<>())
          .computeIfAbsent(line, k -> new ArrayList<>())
          .add(e.eid() + "=" + e.qty().toPlainString());
      usedDays
          .computeIfAbsent(m, k -> new TreeMap<>())
          .computeIfAbsent(e.sku(), k -> new TreeSet<>())
          .add(e.day());
    }
  }

  /** The price book as the test loaded it. */
  static final class Book {
    record Sku(
        String sku, String description, String unit, TreeMap<LocalDate, BigDecimal> versions) {}

    record Override(String org, String sku, BigDecimal price, LocalDate from) {}

    final Map<String, Sku> skus = new LinkedHashMap<>();
    final List<Override> overrides = new ArrayList<>();

    static Book initial() {
      Book b = new Book();
      b.add("standard.compute", "Standard provisioned compute", "VCPU_HOURS", "2024-09-01", "0.09");
      b.skus
          .get("standard.compute")
          .versions()
          .put(LocalDate.parse("2025-07-01"), new BigDecimal("0.10"));
      b.add("standard.storage", "Standard storage", "GIB_HOURS", "2024-09-01", "0.000411");
      b.add(
          "basic.request_units", "Basic request units", "REQUEST_UNITS", "2024-01-01", "0.0000002");
      b.add("backup.storage", "Managed backup storage", "GIB_HOURS", "2024-01-01", "0.000137");
      b.add(
          "data_transfer.cross_region", "Data transfer, cross-region", "GIB", "2024-01-01", "0.02");
      return b;
    }

    void add(String sku, String description, String unit, String from, String price) {
      TreeMap<LocalDate, BigDecimal> versions = new TreeMap<>();
      versions.put(LocalDate.parse(from), new BigDecimal(price));
      skus.put(sku, new Sku(sku, description, unit, versions));
    }

    Book copy() {
      Book b = new Book();
      skus.forEach(
          (k, s) ->
              b.skus.put(
                  k, new Sku(s.sku(), s.description(), s.unit(), new TreeMap<>(s.versions()))));
      b.overrides.addAll(overrides);
      return b;
    }

    boolean priced(String sku, LocalDate day) {
      Sku s = skus.get(sku);
      return s != null && !s.versions().firstKey().isAfter(day);
    }

    String toJson(String brokenUnitSku) {
      List<Map<String, Object>> list = new ArrayList<>();
      skus.values()
          .forEach(
              s ->
                  s.versions()
                      .forEach(
                          (from, price) -> {
                            Map<String, Object> v = new LinkedHashMap<>();
                            v.put("sku", s.sku());
                            v.put("description", s.description());
                            v.put("quantity_unit", s.sku().equals(brokenUnitSku) ? "GB" : s.unit());
                            v.put("unit_price", price.toPlainString());
                            v.put("effective_from", from.toString());
                            list.add(v);
                          }));
      List<Map<String, Object>> ov = new ArrayList<>();
      for (Override o : overrides) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("organization_id", o.org());
        v.put("sku", o.sku());
        v.put("unit_price", o.price().toPlainString());
        v.put("effective_from", o.from().toString());
        ov.add(v);
      }
      return write(Map.of("version", 1, "skus", list, "overrides", ov));
    }
  }

  /** The first violated check; the message carries the whole story. */
  static final class Violation extends AssertionError {
    Violation(String message) {
      super(message);
    }
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // One sequence against one fresh server

  static final class Run {
    private final Backend backend;
    private final int number;
    private final Program program;
    private final AtomicLong stepCounter;
    private final List<String> log = new ArrayList<>();
    private final List<OrgModel> orgs = new ArrayList<>();
    private final Map<String, OrgModel> orgsById = new HashMap<>();
    private final List<Ev> history = new ArrayList<>();
    private final Map<String, String> skuByDescription = new HashMap<>();
    private Book book = Book.initial();
    private TestServer server;
    private String operator;
    private int step;
    private int customSkus;
    private Random r;

    Run(Backend backend, int number, Program program, AtomicLong stepCounter) {
      this.backend = backend;
      this.number = number;
      this.program = program;
      this.stepCounter = stepCounter;
    }

    void execute() {
      server = TestServer.on(backend);
      try {
        server.clock().set(START);
        operator = server.operatorKey();
        addOrg("A", Instant.parse("2026-09-10T08:00:00Z"), "web", "db");
        addOrg("B", Instant.parse("2026-10-20T09:30:00Z"), "api");
        book.skus.values().forEach(s -> skuByDescription.put(s.description(), s.sku()));
        log.add(
            "setup: A created 2026-09-10 (clusters web, db), B created 2026-10-20 (cluster api), now "
                + START
                + ", the test's price book loaded");
        HttpResponse<String> put = put("/operator/v1/price-book", book.toJson(null));
        if (put.statusCode() != 200) {
          fail(
              "setup",
              "loading the initial price book answered " + put.statusCode() + ": " + put.body());
        }
        checkInvoices(true);
        for (Choice choice : program.steps()) {
          step++;
          stepCounter.incrementAndGet();
          r = random(choice, step);
          String op = opName(r.nextInt(100));
          switch (op) {
            case "batch" -> batch();
            case "clock" -> moveClock();
            case "close" -> close();
            case "prices" -> prices();
            case "credits" -> credits();
            case "adjust" -> adjust();
            case "restart" -> restart();
            default -> newOrg();
          }
          checkInvoices(!op.equals("batch") && !op.equals("clock") || step % 4 == 0);
        }
        verifyFinalized();
      } finally {
        server.close();
      }
    }

    /**
     * {@code tally invoices verify} after the sequence: every finalized invoice rates again from
     * its rating record to exactly what is stored, and its digest and chain hold.
     */
    private void verifyFinalized() {
      List<String> different = new ArrayList<>();
      var summary =
          server
              .tally()
              .verifier()
              .verify(
                  java.util.Optional.empty(),
                  java.util.Optional.empty(),
                  v -> {
                    if (v.verdict()
                        != dev.tally.server.invoices.VerifiedInvoice.Verdict.IDENTICAL) {
                      different.add(v.invoiceId() + " " + v.verdict() + " " + v.difference());
                    }
                  });
      if (!different.isEmpty()) {
        fail("verify", "finalized invoices do not verify: " + different);
      }
      long finalized = server.queryLong("SELECT COUNT(*) FROM invoices WHERE status = 'FINALIZED'");
      if (summary.checked() != finalized) {
        fail(
            "verify", "verified " + summary.checked() + " invoices of " + finalized + " finalized");
      }
    }

    // ---- helpers

    private Instant now() {
      return server.clock().instant();
    }

    private YearMonth currentMonth() {
      return YearMonth.from(now().atOffset(ZoneOffset.UTC));
    }

    private static Instant startOf(YearMonth m) {
      return m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private void addOrg(String label, Instant createdAt, String... clusters) {
      TestServer.Tenant tenant = server.tenant("Org " + label, createdAt, clusters);
      OrgModel o = new OrgModel(label, tenant, createdAt, clusters);
      orgs.add(o);
      orgsById.put(o.id(), o);
    }

    private String where() {
      return "[" + backend + "] sequence #" + number + ", step " + step + " (now " + now() + ")";
    }

    private void fail(String check, String detail) {
      StringBuilder m = new StringBuilder();
      m.append("conservation check '")
          .append(check)
          .append("' failed at ")
          .append(where())
          .append(":\n  ")
          .append(detail.replace("\n", "\n  "))
          .append("\n");
      m.append("reproduce: -Dtally.conservation.seed=")
          .append(SEED)
          .append(" -Dtally.conservation.sequences=")
          .append(SEQUENCES)
          .append(" -Dtally.conservation.steps=")
          .append(MAX_STEPS);
      if (!SKIP.isEmpty()) {
        m.append(" -Dtally.conservation.skip=").append(String.join(",", SKIP));
      }
      m.append("\norganizations: ");
      orgs.forEach(
          o ->
              m.append(o.label)
                  .append("=")
                  .append(o.id())
                  .append(" (billing start ")
                  .append(o.first)
                  .append(", closed through ")
                  .append(o.lastClosed == null ? "-" : o.lastClosed)
                  .append(") "));
      m.append("\nsteps so far:\n");
      log.forEach(line -> m.append("  ").append(line.replace("\n", "\n  ")).append("\n"));
      throw new Violation(m.toString());
    }

    private HttpResponse<String> checked(String what, HttpResponse<String> response) {
      if (response.statusCode() >= 500) {
        fail("no 5xx", what + " answered " + response.statusCode() + ": " + response.body());
      }
      String method = what.substring(0, what.indexOf(' '));
      String path = what.substring(what.indexOf(' ') + 1).replaceFirst("\\?.*", "");
      List<String> violations =
          ContractValidator.violations(Request.Method.valueOf(method), path, response);
      if (!violations.isEmpty()) {
        fail(
            "the OpenAPI document",
            what
                + " answered "
                + response.statusCode()
                + " "
                + response.body()
                + ": "
                + violations);
      }
      return response;
    }

    private HttpResponse<String> post(String path, String body) {
      return checked("POST " + path, server.post(path, operator, body));
    }

    private HttpResponse<String> put(String path, String body) {
      HttpRequest request =
          HttpRequest.newBuilder(server.uri(path))
              .PUT(HttpRequest.BodyPublishers.ofString(body))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + operator)
              .build();
      return checked("PUT " + path, server.send(request));
    }

    private HttpResponse<String> get(String path, String key) {
      return checked("GET " + path, server.get(path, key));
    }

    private <T> T pick(List<T> list) {
      return list.get(r.nextInt(list.size()));
    }

    private List<YearMonth> openMonths(OrgModel o) {
      List<YearMonth> months = new ArrayList<>();
      YearMonth from =
          o.lastClosed == null || o.lastClosed.isBefore(o.first)
              ? o.first
              : o.lastClosed.plusMonths(1);
      for (YearMonth m = from; !m.isAfter(currentMonth()); m = m.plusMonths(1)) {
        months.add(m);
      }
      return months;
    }

    private List<YearMonth> closedMonths(OrgModel o) {
      List<YearMonth> months = new ArrayList<>();
      for (YearMonth m = o.first;
          o.lastClosed != null && !m.isAfter(o.lastClosed);
          m = m.plusMonths(1)) {
        months.add(m);
      }
      return months;
    }

    /** A random second of month {@code m} not after now, or null when none is. */
    private Instant timeIn(YearMonth m) {
      Instant from = startOf(m);
      Instant to = startOf(m.plusMonths(1));
      if (to.isAfter(now())) {
        to = now();
      }
      long seconds = Duration.between(from, to).getSeconds();
      if (seconds <= 0) {
        return null;
      }
      return from.plusSeconds(Math.floorMod(r.nextLong(), seconds)).truncatedTo(ChronoUnit.SECONDS);
    }

    private String validQuantity() {
      int f = r.nextInt(10);
      if (f == 0) return "0";
      if (f < 5) return Integer.toString(1 + r.nextInt(10_000));
      if (f < 8) return BigDecimal.valueOf(r.nextInt(10_000_000), 3).toPlainString();
      if (f < 9)
        return BigDecimal.valueOf(1 + Math.floorMod(r.nextLong(), 1_000_000_000_000L), 9)
            .toPlainString();
      return (1 + r.nextInt(99)) + ".50";
    }

    private String digits(int n) {
      StringBuilder s = new StringBuilder().append(1 + r.nextInt(9));
      while (s.length() < n) {
        s.append(r.nextInt(10));
      }
      return s.toString();
    }

    private String pricedSku(LocalDate day) {
      List<String> priced = book.skus.keySet().stream().filter(s -> book.priced(s, day)).toList();
      return priced.isEmpty() ? "standard.compute" : pick(priced);
    }

    private Ev event(OrgModel o, String kind, String cluster, String sku, String qty, Instant ts) {
      String eid = (SKIP.contains("crossOrgIds") ? o.label + "-evt-" : "evt-") + o.nextEvent++;
      return new Ev(
          o.id(),
          o.label,
          eid,
          cluster,
          o.clusterLabels.getOrDefault(cluster, cluster),
          sku,
          qty,
          r.nextBoolean(),
          parse(qty),
          ts,
          kind);
    }

    private static BigDecimal parse(String qty) {
      try {
        return new BigDecimal(qty);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /** A valid, fresh event of {@code o} in one of its open months. */
    private Ev fresh(OrgModel o, String kind, String qty) {
      Instant ts = null;
      List<YearMonth> open = openMonths(o);
      for (int i = 0; i < 5 && ts == null; i++) {
        ts = timeIn(pick(open));
      }
      if (ts == null) {
        ts = now().minusSeconds(1);
      }
      return event(
          o,
          kind,
          pick(o.clusterIds()),
          pricedSku(ts.atOffset(ZoneOffset.UTC).toLocalDate()),
          qty,
          ts);
    }

    // ---- the model's prediction for one event

    private Expect expect(Ev e) {
      Expect x = new Expect();
      if (e.qty() == null) {
        x.must("quantity is not a number", "INVALID_ARGUMENT");
      } else {
        BigDecimal q = e.qty().stripTrailingZeros();
        int integerDigits = q.precision() - q.scale();
        if (q.signum() < 0) {
          x.must("negative quantity", "INVALID_ARGUMENT", "OUT_OF_RANGE");
        } else if (q.scale() > 20) {
          x.must("more decimal places than any bound allows", "INVALID_ARGUMENT", "OUT_OF_RANGE");
        } else if (integerDigits > 30) {
          x.must(
              "quantity beyond any bound (" + integerDigits + " digits)",
              "INVALID_ARGUMENT",
              "OUT_OF_RANGE");
        } else if (integerDigits >= 20) {
          x.may(
              "quantity of " + integerDigits + " digits may be beyond the documented bound",
              "INVALID_ARGUMENT",
              "OUT_OF_RANGE");
        }
      }
      OrgModel o = orgsById.get(e.org());
      if (o == null) {
        x.must("unknown organization", "NOT_FOUND");
        return x;
      }
      if (!o.clusterLabels.containsKey(e.cluster())) {
        x.must("cluster not in the organization", "NOT_FOUND");
      }
      if (!book.skus.containsKey(e.sku())) {
        x.must("SKU not in the price book", "NOT_FOUND");
      } else if (!book.priced(e.sku(), e.day())) {
        x.must("SKU has no price on " + e.day());
      }
      YearMonth m = e.month();
      if (m.isBefore(o.first)) {
        x.must("before the billing start " + o.first);
      }
      boolean late = o.closed(m);
      Held h = o.held.get(e.eid());
      if (h != null && h.ev().sameContent(e)) {
        // Already counted: a duplicate; a server that checks the closed month first may reject it
        // instead.
        x.pass = Outcome.DUPLICATE;
        if (late) {
          x.may("the month " + m + " is closed", "FAILED_PRECONDITION");
        }
        if (x.mustReject) {
          x.mustReject = false;
          x.mayReject = true;
        }
      } else {
        if (late) {
          x.must("the month " + m + " is closed", "FAILED_PRECONDITION");
        }
        if (h != null) {
          if (o.closed(h.month())) {
            x.may(
                "event_id "
                    + e.eid()
                    + " was accepted with other content in closed month "
                    + h.month()
                    + " (its id may have been forgotten)",
                "ALREADY_EXISTS");
          } else {
            x.must(
                "event_id "
                    + e.eid()
                    + " already holds other content in "
                    + o.label
                    + ": "
                    + h.ev(),
                "ALREADY_EXISTS");
          }
          if (late) {
            x.codes.add("ALREADY_EXISTS");
          }
        }
      }
      if (x.pass == Outcome.ACCEPTED && !x.mustReject) {
        List<String> elsewhere =
            orgs.stream()
                .filter(other -> other != o && other.held.containsKey(e.eid()))
                .map(other -> other.label)
                .toList();
        if (!elsewhere.isEmpty()) {
          x.why.add(
              "new in "
                  + o.label
                  + "; the same event_id was accepted in organization(s) "
                  + elsewhere);
        }
      }
      return x;
    }

    // ---- operations

    private void batch() {
      int n = 1 + r.nextInt(10);
      List<Ev> events = new ArrayList<>();
      while (events.size() < n) {
        OrgModel o = pick(orgs);
        int w = r.nextInt(100);
        if (w < 38) {
          events.add(fresh(o, "fresh", validQuantity()));
        } else if (w < 52 && !history.isEmpty()) {
          Ev old = pick(history);
          events.add(
              new Ev(
                  old.org(),
                  old.orgLabel(),
                  old.eid(),
                  old.cluster(),
                  old.clusterLabel(),
                  old.sku(),
                  old.qtyText(),
                  old.qtyAsNumber(),
                  old.qty(),
                  old.ts(),
                  "replay"));
        } else if (w < 62 && !SKIP.contains("conflicts")) {
          List<Ev> candidates =
              history.stream()
                  .filter(
                      h ->
                          orgsById.containsKey(h.org())
                              && h.qty() != null
                              && h.qty().signum() >= 0
                              && h.qty().precision() - h.qty().scale() < 20)
                  .toList();
          if (candidates.isEmpty()) {
            events.add(fresh(o, "fresh", validQuantity()));
          } else {
            events.add(conflict(pick(candidates)));
          }
        } else if (w < 65) {
          events.add(fresh(o, "negative", "-" + validQuantity().replace("0", "1")));
        } else if (w < 69 && !SKIP.contains("huge")) {
          Ev big = fresh(o, "huge", digits(26));
          events.add(big);
          OrgModel owner = orgsById.get(big.org());
          events.add(
              event(
                  owner,
                  "huge",
                  big.cluster(),
                  big.sku(),
                  digits(26),
                  big.ts().plusSeconds(1).isAfter(now()) ? big.ts() : big.ts().plusSeconds(1)));
        } else if (w < 71) {
          events.add(fresh(o, "giant", digits(40)));
        } else if (w < 74) {
          events.add(fresh(o, "too-precise", "0." + "0".repeat(24) + (1 + r.nextInt(9))));
        } else if (w < 77) {
          Ev f = fresh(o, "unknown-org", validQuantity());
          events.add(
              new Ev(
                  "org-unknown-" + r.nextInt(3),
                  "?",
                  f.eid(),
                  f.cluster(),
                  f.clusterLabel(),
                  f.sku(),
                  f.qtyText(),
                  f.qtyAsNumber(),
                  f.qty(),
                  f.ts(),
                  "unknown-org"));
        } else if (w < 80) {
          Ev f = fresh(o, "foreign-cluster", validQuantity());
          List<String> foreign =
              orgs.stream()
                  .filter(other -> other != o)
                  .flatMap(other -> other.clusterIds().stream())
                  .collect(Collectors.toCollection(ArrayList::new));
          foreign.add("no-such-cluster");
          String cluster = pick(foreign);
          events.add(
              f.with(
                  cluster, clusterLabel(cluster), f.sku(), f.qtyText(), f.ts(), "foreign-cluster"));
        } else if (w < 83) {
          Ev f = fresh(o, "unknown-sku", validQuantity());
          events.add(
              f.with(
                  f.cluster(),
                  f.clusterLabel(),
                  "gold.plated",
                  f.qtyText(),
                  f.ts(),
                  "unknown-sku"));
        } else if (w < 90 && !SKIP.contains("beforeStart")) {
          Instant ts = timeIn(o.first.minusMonths(1 + r.nextInt(2)));
          events.add(
              event(
                  o,
                  "before-start",
                  pick(o.clusterIds()),
                  pricedSku(ts.atOffset(ZoneOffset.UTC).toLocalDate()),
                  validQuantity(),
                  ts));
        } else {
          List<YearMonth> closed = closedMonths(o);
          Instant ts = closed.isEmpty() ? null : timeIn(pick(closed));
          if (ts == null) {
            events.add(fresh(o, "fresh", validQuantity()));
          } else {
            events.add(
                event(
                    o,
                    "late",
                    pick(o.clusterIds()),
                    pricedSku(ts.atOffset(ZoneOffset.UTC).toLocalDate()),
                    validQuantity(),
                    ts));
          }
        }
      }
      if (events.size() > n) {
        events.remove(events.size() - 1); // the second of a huge pair that did not fit
      }
      sendBatch(events);
    }

    private String clusterLabel(String clusterId) {
      for (OrgModel o : orgs) {
        if (o.clusterLabels.containsKey(clusterId)) {
          return o.clusterLabels.get(clusterId);
        }
      }
      return clusterId;
    }

    private Ev conflict(Ev base) {
      OrgModel o = orgsById.get(base.org());
      Ev changed = null;
      for (int attempt = 0;
          attempt < 4 && (changed == null || changed.sameContent(base));
          attempt++) {
        switch (r.nextInt(4)) {
          case 0 ->
              changed =
                  base.with(
                      base.cluster(),
                      base.clusterLabel(),
                      base.sku(),
                      base.qty().add(BigDecimal.ONE).toPlainString(),
                      base.ts(),
                      "conflict(quantity)");
          case 1 -> {
            Ev f = fresh(o, "x", "1");
            o.nextEvent--;
            changed =
                base.with(
                    base.cluster(),
                    base.clusterLabel(),
                    base.sku(),
                    base.qtyText(),
                    f.ts(),
                    "conflict(timestamp)");
          }
          case 2 -> {
            List<String> others =
                o.clusterIds().stream().filter(c -> !c.equals(base.cluster())).toList();
            String cluster = others.isEmpty() ? base.cluster() : pick(others);
            changed =
                base.with(
                    cluster,
                    clusterLabel(cluster),
                    base.sku(),
                    base.qtyText(),
                    base.ts(),
                    "conflict(cluster)");
          }
          default -> {
            List<String> others =
                book.skus.keySet().stream()
                    .filter(s -> !s.equals(base.sku()) && book.priced(s, base.day()))
                    .toList();
            String sku = others.isEmpty() ? base.sku() : pick(others);
            changed =
                base.with(
                    base.cluster(),
                    base.clusterLabel(),
                    sku,
                    base.qtyText(),
                    base.ts(),
                    "conflict(sku)");
          }
        }
      }
      if (changed.sameContent(base)) {
        changed =
            base.with(
                base.cluster(),
                base.clusterLabel(),
                base.sku(),
                base.qty().add(BigDecimal.TEN).toPlainString(),
                base.ts(),
                "conflict(quantity)");
      }
      return changed;
    }

    private void sendBatch(List<Ev> events) {
      StringBuilder entry =
          new StringBuilder("#" + step + " batch of " + events.size() + " at " + now() + ":");
      log.add(entry.toString());
      int logIndex = log.size() - 1;
      String body = write(Map.of("events", events.stream().map(Ev::json).toList()));
      HttpResponse<String> response = post("/operator/v1/usage-events", body);
      if (response.statusCode() != 200) {
        StringBuilder detail =
            new StringBuilder(
                "a batch of valid JSON events must answer 200 with one outcome per event; got "
                    + response.statusCode()
                    + ": "
                    + response.body()
                    + "\nthe batch (model predictions):");
        for (int i = 0; i < events.size(); i++) {
          detail
              .append("\n  [")
              .append(i)
              .append("] ")
              .append(events.get(i))
              .append(" -> model ")
              .append(expect(events.get(i)));
        }
        fail("batch answered per event", detail.toString());
      }
      JsonNode answer = read(response.body());
      if (answer == null
          || !answer.path("accepted").isInt()
          || !answer.path("duplicates").isInt()
          || !answer.path("rejected").isArray()) {
        fail(
            "batch answer shape",
            "expected {accepted, duplicates, rejected: [...]}, got " + response.body());
      }
      int accepted = answer.get("accepted").asInt();
      int duplicates = answer.get("duplicates").asInt();
      Map<Integer, JsonNode> rejected = new TreeMap<>();
      for (JsonNode rej : answer.get("rejected")) {
        int index = rej.path("index").asInt(-1);
        if (index < 0 || index >= events.size()) {
          fail(
              "three outcomes",
              "a rejection names index "
                  + rej.path("index")
                  + " outside the batch of "
                  + events.size()
                  + ": "
                  + response.body());
        }
        if (rejected.put(index, rej) != null) {
          fail("three outcomes", "event [" + index + "] is rejected twice: " + response.body());
        }
      }
      if (accepted < 0
          || duplicates < 0
          || accepted + duplicates + rejected.size() != events.size()) {
        fail(
            "three outcomes",
            "accepted "
                + accepted
                + " + duplicates "
                + duplicates
                + " + rejected "
                + rejected.size()
                + " != "
                + events.size()
                + " events: "
                + response.body());
      }
      int modelAccepted = 0;
      int modelDuplicates = 0;
      List<String> lines = new ArrayList<>();
      String violation = null;
      for (int i = 0; i < events.size(); i++) {
        Ev e = events.get(i);
        Expect x = expect(e);
        String line = "[" + i + "] " + e + " -> model " + x;
        JsonNode rej = rejected.get(i);
        if (rej != null) {
          String code = rej.path("code").asText();
          line += "; server REJECTED " + code + ": " + rej.path("reason").asText();
          if (violation == null && !x.mustReject && !x.mayReject) {
            violation =
                "event ["
                    + i
                    + "] was rejected ("
                    + code
                    + ": "
                    + rej.path("reason").asText()
                    + ") but the model says "
                    + x.pass
                    + " ("
                    + e
                    + ")";
          } else if (violation == null && !x.codeAllowed(code)) {
            violation =
                "event ["
                    + i
                    + "] was rejected with code "
                    + code
                    + " but the model allows only "
                    + x;
          }
        } else {
          line += "; server did not reject it";
          if (violation == null && x.mustReject) {
            violation =
                "event ["
                    + i
                    + "] was not rejected (counted as accepted or duplicate) but the model says "
                    + x;
          }
          if (x.pass == Outcome.ACCEPTED) {
            modelAccepted++;
            orgsById.get(e.org()).accept(e);
          } else {
            modelDuplicates++;
          }
        }
        lines.add(line);
        history.add(e);
      }
      entry
          .append(" answer accepted=")
          .append(accepted)
          .append(" duplicates=")
          .append(duplicates)
          .append(" rejected=")
          .append(rejected.keySet());
      lines.forEach(l -> entry.append("\n    ").append(l));
      log.set(logIndex, entry.toString());
      if (violation != null) {
        fail("event outcome", violation);
      }
      if (accepted != modelAccepted || duplicates != modelDuplicates) {
        fail(
            "accepted vs duplicate",
            "the server answered accepted="
                + accepted
                + " duplicates="
                + duplicates
                + " but the model (dedup by (organization_id, event_id), identical content only) expects accepted="
                + modelAccepted
                + " duplicates="
                + modelDuplicates
                + "; see the batch of step #"
                + step
                + " below");
      }
    }

    private void moveClock() {
      Instant before = now();
      if (r.nextInt(10) < 7) {
        server.clock().advance(Duration.ofMinutes(60 + r.nextInt(240 * 60)));
      } else {
        server
            .clock()
            .set(
                startOf(currentMonth().plusMonths(1)).plus(Duration.ofMinutes(r.nextInt(30 * 60))));
      }
      log.add("#" + step + " clock " + before + " -> " + now());
    }

    private void close() {
      YearMonth current = currentMonth();
      YearMonth earliest =
          orgs.stream().map(o -> o.first).min(YearMonth::compareTo).orElseThrow().minusMonths(1);
      int w = r.nextInt(100);
      YearMonth m;
      if (w < 12) {
        m = current;
      } else if (w < 55) {
        m = current.minusMonths(1);
      } else {
        long span = ChronoUnit.MONTHS.between(earliest, current);
        m = earliest.plusMonths(span <= 0 ? 0 : r.nextInt((int) span));
      }
      boolean ended = !startOf(m.plusMonths(1)).isAfter(now());
      HttpResponse<String> response = post("/operator/v1/periods/" + m + "/close", "");
      log.add(
          "#"
              + step
              + " close "
              + m
              + " at "
              + now()
              + " -> "
              + response.statusCode()
              + " "
              + response.body());
      if (ended) {
        if (response.statusCode() != 200) {
          fail(
              "close",
              "closing ended month "
                  + m
                  + " must answer 200, got "
                  + response.statusCode()
                  + ": "
                  + response.body());
        }
        for (OrgModel o : orgs) {
          if (!m.isBefore(o.first) && (o.lastClosed == null || m.isAfter(o.lastClosed))) {
            o.lastClosed = m;
          }
        }
      } else if (response.statusCode() / 100 != 4) {
        fail(
            "close",
            "closing month "
                + m
                + " before it ended must be refused with a 4xx, got "
                + response.statusCode()
                + ": "
                + response.body());
      }
    }

    /**
     * The first (sku, organization, month) whose accepted usage in an open month {@code candidate}
     * leaves unpriced.
     */
    private String unpriced(Book candidate) {
      for (OrgModel o : orgs) {
        for (var month : o.usedDays.entrySet()) {
          if (o.closed(month.getKey())) {
            continue;
          }
          for (var sku : month.getValue().entrySet()) {
            for (LocalDate day : sku.getValue()) {
              if (!candidate.priced(sku.getKey(), day)) {
                return sku.getKey() + "|" + o.id() + "|" + month.getKey();
              }
            }
          }
        }
      }
      return null;
    }

    private static final String[] PRICES = {
      "0.05", "0.12", "0.2", "0.0005", "0.0000003", "0.015", "1.25"
    };

    private void prices() {
      Book next = book.copy();
      List<String> skus = new ArrayList<>(next.skus.keySet());
      LocalDate today = now().atOffset(ZoneOffset.UTC).toLocalDate();
      LocalDate from =
          LocalDate.parse("2026-08-01")
              .plusDays(
                  Math.floorMod(
                      r.nextLong(),
                      ChronoUnit.DAYS.between(LocalDate.parse("2026-08-01"), today) + 1));
      String brokenUnit = null;
      String what;
      int w = r.nextInt(100);
      if (w < 30) {
        String sku = pick(skus);
        String price = PRICES[r.nextInt(PRICES.length)];
        next.skus.get(sku).versions().put(from, new BigDecimal(price));
        what = "new price " + price + " for " + sku + " from " + from;
      } else if (w < 45) {
        OrgModel o = pick(orgs);
        String sku = pick(skus);
        String price = PRICES[r.nextInt(PRICES.length)];
        next.overrides.removeIf(
            ov -> ov.org().equals(o.id()) && ov.sku().equals(sku) && ov.from().equals(from));
        next.overrides.add(new Book.Override(o.id(), sku, new BigDecimal(price), from));
        what = "override " + price + " for " + o.label + " " + sku + " from " + from;
      } else if (w < 58) {
        customSkus++;
        String sku = "custom.sku_" + customSkus;
        next.add(
            sku,
            "Custom SKU " + customSkus,
            "HOURS",
            startOf(currentMonth()).atOffset(ZoneOffset.UTC).toLocalDate().toString(),
            "0.5");
        skuByDescription.put("Custom SKU " + customSkus, sku);
        what = "new SKU " + sku + " from " + currentMonth().atDay(1);
      } else if (w < 75 && skus.size() > 2) {
        String sku = pick(skus);
        next.skus.remove(sku);
        next.overrides.removeIf(ov -> ov.sku().equals(sku));
        what = "drop SKU " + sku;
      } else if (w < 90) {
        String sku = pick(skus);
        var versions = next.skus.get(sku).versions();
        versions.clear();
        versions.put(from, new BigDecimal(PRICES[r.nextInt(PRICES.length)]));
        what = "SKU " + sku + " on sale only from " + from;
      } else {
        brokenUnit = pick(skus);
        what = "malformed revision (quantity_unit GB for " + brokenUnit + ")";
      }
      String offender = brokenUnit == null ? unpriced(next) : null;
      if (offender != null && SKIP.contains("unpricedRevisions")) {
        log.add("#" + step + " prices: skipped (" + what + " would leave usage unpriced)");
        return;
      }
      HttpResponse<String> response = put("/operator/v1/price-book", next.toJson(brokenUnit));
      log.add(
          "#"
              + step
              + " prices: "
              + what
              + " -> "
              + response.statusCode()
              + " "
              + shorten(response.body()));
      if (brokenUnit != null) {
        if (response.statusCode() / 100 != 4) {
          fail(
              "price book",
              "a malformed price book must be refused with a 4xx, got " + response.statusCode());
        }
      } else if (offender != null) {
        String[] parts = offender.split("\\|");
        if (response.statusCode() / 100 != 4) {
          fail(
              "price book refused when it leaves usage unpriced",
              "the revision ("
                  + what
                  + ") leaves accepted usage of "
                  + parts[0]
                  + " by "
                  + orgsById.get(parts[1]).label
                  + " ("
                  + parts[1]
                  + ") in open month "
                  + parts[2]
                  + " without a price; it must be refused with"
                  + " a 4xx, got "
                  + response.statusCode()
                  + ": "
                  + shorten(response.body()));
        }
        for (String part : parts) {
          if (!response.body().contains(part)) {
            fail(
                "price book refusal names SKU, organization and month",
                "the refusal must name "
                    + String.join(", ", parts)
                    + "; it does not name "
                    + part
                    + ": "
                    + response.body());
          }
        }
      } else {
        if (response.statusCode() != 200) {
          fail(
              "price book",
              "a valid revision ("
                  + what
                  + ") must answer 200, got "
                  + response.statusCode()
                  + ": "
                  + response.body());
        }
        book = next;
      }
    }

    private static String shorten(String s) {
      return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private void credits() {
      OrgModel o = pick(orgs);
      Instant start = startOf(currentMonth());
      Instant expires = startOf(currentMonth().plusMonths(1 + r.nextInt(4)));
      String amount = BigDecimal.valueOf(100 + r.nextInt(8000), 2).toPlainString();
      String org = o.id();
      boolean valid = true;
      String what = "grant " + amount + " to " + o.label + " " + start + " .. " + expires;
      int w = r.nextInt(100);
      if (w < 8) {
        amount = "1.005";
        valid = false;
        what = "grant of a fraction of a cent";
      } else if (w < 14) {
        amount = "-5.00";
        valid = false;
        what = "negative grant";
      } else if (w < 20) {
        expires = start.minusSeconds(3600);
        valid = false;
        what = "grant expiring before it starts";
      } else if (w < 26) {
        org = "org-unknown-1";
        valid = false;
        what = "grant to an unknown organization";
      } else if (w < 34 && !SKIP.contains("beforeStart")) {
        start = startOf(o.first.minusMonths(2));
        expires = startOf(o.first);
        valid = false;
        what =
            "grant to "
                + o.label
                + " entirely before its billing start "
                + o.first
                + " ("
                + start
                + " .. "
                + expires
                + ")";
      }
      HttpResponse<String> response =
          post(
              "/operator/v1/organizations/" + org + "/credit-grants",
              write(
                  Map.of(
                      "amount",
                      amount,
                      "starts_at",
                      start.toString(),
                      "expires_at",
                      expires.toString())));
      log.add("#" + step + " credits: " + what + " -> " + response.statusCode());
      if (valid && response.statusCode() / 100 != 2) {
        fail(
            "credit grant",
            "a valid grant ("
                + what
                + ") must answer 2xx, got "
                + response.statusCode()
                + ": "
                + response.body());
      }
      if (!valid && response.statusCode() / 100 != 4) {
        fail(
            "credit grant",
            "an invalid grant ("
                + what
                + ") must be refused with a 4xx, got "
                + response.statusCode()
                + ": "
                + response.body());
      }
    }

    private static final String[] ADJUSTMENTS = {
      "Premium support", "Serverless free tier", "Migration credit", "Late fee"
    };

    private void adjust() {
      OrgModel o = pick(orgs);
      String name = ADJUSTMENTS[r.nextInt(ADJUSTMENTS.length)];
      String amount =
          (r.nextBoolean() ? "" : "-")
              + BigDecimal.valueOf(100 + r.nextInt(10_000), 2).toPlainString();
      List<YearMonth> closed = closedMonths(o);
      YearMonth m = pick(openMonths(o));
      boolean valid = true;
      String why = "open month";
      int w = r.nextInt(100);
      if (w < 15 && !closed.isEmpty()) {
        m = pick(closed);
        valid = false;
        why = "closed month";
      } else if (w < 30 && !SKIP.contains("beforeStart")) {
        m = o.first.minusMonths(1);
        valid = false;
        why = "month before the billing start " + o.first;
      } else if (w < 38) {
        amount = "3.333";
        valid = false;
        why = "fraction of a cent";
      }
      HttpResponse<String> response =
          post(
              "/operator/v1/organizations/" + o.id() + "/adjustments",
              write(Map.of("period", m.toString(), "name", name, "amount", amount)));
      log.add(
          "#"
              + step
              + " adjustment '"
              + name
              + "' "
              + amount
              + " for "
              + o.label
              + " "
              + m
              + " ("
              + why
              + ") -> "
              + response.statusCode());
      if (valid) {
        if (response.statusCode() / 100 != 2) {
          fail(
              "adjustment",
              "an adjustment to "
                  + o.label
                  + "'s open month "
                  + m
                  + " must answer 2xx, got "
                  + response.statusCode()
                  + ": "
                  + response.body());
        }
        o.adjustments.computeIfAbsent(m, k -> new ArrayList<>()).add(name);
      } else if (response.statusCode() / 100 != 4) {
        fail(
            "adjustment",
            "an adjustment to "
                + o.label
                + " for "
                + m
                + " ("
                + why
                + ") must be refused with a 4xx, got "
                + response.statusCode()
                + ": "
                + response.body());
      }
    }

    private void restart() {
      server.restart();
      log.add("#" + step + " restart");
    }

    private void newOrg() {
      if (orgs.size() >= 4) {
        log.add("#" + step + " new organization: skipped (4 already)");
        return;
      }
      String label = String.valueOf((char) ('A' + orgs.size()));
      Instant monthStart = startOf(currentMonth());
      Instant created = now().minus(Duration.ofMinutes(r.nextInt(5 * 24 * 60)));
      if (created.isBefore(monthStart)) {
        created = monthStart;
      }
      addOrg(label, created, "main", "analytics");
      log.add("#" + step + " new organization " + label + " created " + created);
    }

    // ---- the invariants, checked after every step

    /**
     * Reads every organization's invoices. The list is checked in full after every step; each
     * invoice is also fetched by id after closes, restarts, price, credit and adjustment steps, and
     * every fourth step, otherwise one random month per organization (a full read of every month
     * after every step would triple the run time).
     */
    private void checkInvoices(boolean everyDetail) {
      YearMonth current = currentMonth();
      String end = startOf(current.plusMonths(1)).toString();
      for (OrgModel o : orgs) {
        HttpResponse<String> listed = get("/api/v1/invoices?end_time=" + end, o.key);
        if (listed.statusCode() != 200) {
          fail(
              "invoices render",
              "listing "
                  + o.label
                  + "'s invoices answered "
                  + listed.statusCode()
                  + ": "
                  + listed.body());
        }
        JsonNode invoices = read(listed.body()).path("invoices");
        List<String> ids = new ArrayList<>();
        invoices.forEach(i -> ids.add(i.path("invoice_id").asText()));
        List<String> expectedIds = new ArrayList<>();
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = o.first; !m.isAfter(current); m = m.plusMonths(1)) {
          months.add(m);
          expectedIds.add("inv_" + o.id() + "_" + m);
        }
        if (!ids.equals(expectedIds)) {
          fail(
              "one invoice per month",
              o.label
                  + " must list exactly the months "
                  + months.getFirst()
                  + ".."
                  + current
                  + " as "
                  + expectedIds
                  + ", got "
                  + ids);
        }
        int sampled = r == null ? 0 : r.nextInt(months.size());
        for (int i = 0; i < months.size(); i++) {
          checkInvoice(o, months.get(i), invoices.get(i), everyDetail || i == sampled);
        }
      }
    }

    private void checkInvoice(OrgModel o, YearMonth m, JsonNode listed, boolean fetch) {
      String id = "inv_" + o.id() + "_" + m;
      String what = o.label + " " + m + " (" + id + ")";
      JsonNode invoice = listed;
      String status = invoice.path("status").asText();
      String expectedStatus = o.closed(m) ? "FINALIZED" : "DRAFT";
      if (!status.equals(expectedStatus)) {
        fail(
            "status",
            what
                + " must be "
                + expectedStatus
                + " (closed through "
                + o.lastClosed
                + "), got "
                + status);
      }
      if (status.equals("FINALIZED")) {
        String text = listed.toString();
        String before = o.finalizedListed.putIfAbsent(id, text);
        if (before != null && !before.equals(text)) {
          fail(
              "a FINALIZED invoice never changes",
              what + " was listed as\n" + before + "\nand is now listed as\n" + text);
        }
      }
      if (fetch) {
        HttpResponse<String> detail = get("/api/v1/invoices/" + id, o.key);
        if (detail.statusCode() != 200) {
          fail(
              "invoices render",
              "GET " + what + " answered " + detail.statusCode() + ": " + detail.body());
        }
        if (!listed.equals(read(detail.body()))) {
          fail(
              "list and detail agree",
              what + ": the list shows " + listed + "\nbut the detail is " + detail.body());
        }
        if (status.equals("FINALIZED")) {
          String before = o.finalized.putIfAbsent(id, detail.body());
          if (before != null && !before.equals(detail.body())) {
            fail(
                "a FINALIZED invoice never changes",
                what + " was\n" + before + "\nand is now\n" + detail.body());
          }
        }
      }
      // Conservation: per (cluster, SKU), the line quantities equal the accepted events'
      // quantities.
      Map<LineKey, BigDecimal> actual = new TreeMap<>();
      BigDecimal itemsUsd = BigDecimal.ZERO;
      for (JsonNode item : invoice.path("invoice_items")) {
        String cluster = item.path("cluster").path("id").asText();
        BigDecimal itemTotal = BigDecimal.ZERO;
        for (JsonNode line : item.path("line_items")) {
          String description = line.path("description").asText();
          String sku = skuByDescription.get(description);
          if (sku == null) {
            fail(
                "line items map to SKUs",
                what + " has a line item with unknown description '" + description + "': " + line);
          }
          BigDecimal quantity = line.path("quantity").decimalValue();
          BigDecimal unitCost = line.path("unit_cost").decimalValue();
          BigDecimal total = line.path("total").path("amount").decimalValue();
          actual.merge(new LineKey(cluster, sku), quantity, BigDecimal::add);
          BigDecimal rounded = quantity.multiply(unitCost).setScale(2, RoundingMode.HALF_EVEN);
          if (rounded.compareTo(total) != 0) {
            fail(
                "line total",
                what
                    + ": "
                    + quantity
                    + " x "
                    + unitCost
                    + " rounds to "
                    + rounded
                    + " but the line says "
                    + total);
          }
          itemTotal = itemTotal.add(total);
        }
        BigDecimal stated = usd(item.path("totals"));
        if (stated == null || stated.compareTo(itemTotal) != 0) {
          fail(
              "item total",
              what
                  + ": cluster "
                  + clusterLabel(cluster)
                  + " lines add up to "
                  + itemTotal
                  + " but its total is "
                  + item.path("totals"));
        }
        itemsUsd = itemsUsd.add(itemTotal);
      }
      Map<LineKey, BigDecimal> expected = new TreeMap<>(o.expected.getOrDefault(m, Map.of()));
      expected.values().removeIf(q -> q.signum() == 0);
      actual.values().removeIf(q -> q.signum() == 0);
      Set<LineKey> keys = new TreeSet<>(expected.keySet());
      keys.addAll(actual.keySet());
      for (LineKey k : keys) {
        BigDecimal want = expected.getOrDefault(k, BigDecimal.ZERO);
        BigDecimal got = actual.getOrDefault(k, BigDecimal.ZERO);
        if (want.compareTo(got) != 0) {
          fail(
              "conservation",
              what
                  + ", cluster "
                  + clusterLabel(k.cluster())
                  + ", SKU "
                  + k.sku()
                  + ": the invoice lines hold "
                  + got.toPlainString()
                  + " but the events answered accepted add up to "
                  + want.toPlainString()
                  + " "
                  + o.acceptedIds.getOrDefault(m, Map.of()).getOrDefault(k, List.of()));
        }
      }
      // Totals: USD = items + USD adjustments, never negative; adjustments as added, in order.
      BigDecimal adjustmentsUsd = BigDecimal.ZERO;
      List<String> names = new ArrayList<>();
      for (JsonNode adjustment : invoice.path("adjustments")) {
        if ("USD".equals(adjustment.path("amount").path("currency").asText())) {
          adjustmentsUsd =
              adjustmentsUsd.add(adjustment.path("amount").path("amount").decimalValue());
        }
        if (!"Credits applied".equals(adjustment.path("name").asText())) {
          names.add(adjustment.path("name").asText());
        }
      }
      BigDecimal totalUsd = usd(invoice.path("totals"));
      if (totalUsd == null
          || totalUsd.compareTo(itemsUsd.add(adjustmentsUsd)) != 0
          || totalUsd.signum() < 0) {
        fail(
            "invoice total",
            what
                + ": items "
                + itemsUsd
                + " + USD adjustments "
                + adjustmentsUsd
                + " but totals are "
                + invoice.path("totals"));
      }
      // Compared as multisets: the server orders adjustments by creation time, and the test's clock
      // stands still between steps, so two adjustments of one step-free instant may come either
      // way.
      List<String> wantNames = new ArrayList<>(o.adjustments.getOrDefault(m, List.of()));
      wantNames.sort(null);
      names.sort(null);
      if (!names.equals(wantNames)) {
        fail("adjustments", what + " must carry the adjustments " + wantNames + ", got " + names);
      }
    }

    private static BigDecimal usd(JsonNode totals) {
      for (JsonNode t : totals) {
        if ("USD".equals(t.path("currency").asText())) {
          return t.path("amount").decimalValue();
        }
      }
      return null;
    }
  }
}
