package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.RawHttp;
import dev.tally.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests over both APIs, generated from a fixed seed so every run sends the same ones:
 * paths, ids, dates, query parameters, headers, methods, HTTP framing over a raw socket, bodies and
 * numbers. Each must be answered (no hang), never with 500 or 503, and every error with a reference
 * {@code Status} JSON body. The run prints how many requests it sent and the statuses they got.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class MalformedRequestFuzzTest {

  private static final long SEED = 20_261_204L;
  private static final int SOCKET_TIMEOUT_MILLIS = 15_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameter Backend backend;

  private static TestServer server;
  private static String billingKey;
  private static String operatorKey;
  private static String org;
  private static String clusterId;
  private static String invoiceId;

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    // No rate limits (this is about input, not volume); short timeouts, so that a request the
    // server waits on is answered 408 well before the client's own timeout calls it a hang.
    server =
        TestServer.on(
            backend,
            HttpLimits.unlimited().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)));
    TestServer.Tenant tenant =
        server.tenant("Fuzzed", Instant.parse("2026-01-01T00:00:00Z"), "c1", "c2");
    org = tenant.orgId();
    clusterId = tenant.clusters().get(0).id();
    invoiceId = tenant.invoice(YearMonth.of(2026, 5), InvoiceStatus.FINALIZED).invoiceId();
    billingKey = tenant.billingKey();
    operatorKey = server.operatorKey();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  /** One request: its family, for the report, and its bytes as sent. */
  record Case(String family, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  @Timeout(600)
  void malformedRequestsAreAnsweredWithoutA5xxAHangOrABodyThatIsNotAStatus() throws Exception {
    List<Case> cases = new Generator(new Random(SEED)).all();
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, Integer> families = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    long started = System.nanoTime();
    for (Case c : cases) {
      families.merge(c.family(), 1, Integer::sum);
      RawHttp.Answer answer = exchange(c.bytes());
      statuses.merge(answer.status(), 1, Integer::sum);
      String problem = problem(answer, c.text().startsWith("HEAD "));
      if (problem != null && failures.size() < 25) {
        failures.add(
            problem
                + "\n  request: "
                + abbreviate(c.text())
                + "\n  answer: "
                + abbreviate(answer.raw()));
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    System.out.printf(
        "MalformedRequestFuzzTest[%s]: %d distinct requests in %d s (seed %d); by family %s;"
            + " statuses %s%n",
        backend, cases.size(), seconds, SEED, families, statuses);
    assertThat(cases).hasSizeGreaterThanOrEqualTo(600);
    assertThat(failures).as("requests answered wrongly").isEmpty();
    assertThat(statuses).doesNotContainKeys(500, 503, -1);
  }

  /** What is wrong with an answer, or null. */
  private static String problem(RawHttp.Answer answer, boolean head) {
    if (answer.timedOut()) {
      return "no answer within " + SOCKET_TIMEOUT_MILLIS + " ms (a hang)";
    }
    if (answer.status() < 0) {
      return "no HTTP answer";
    }
    if (answer.status() >= 500 && answer.status() != 501 && answer.status() != 505) {
      return "answered " + answer.status();
    }
    if (answer.status() < 400) {
      return null;
    }
    String type = answer.header("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return "error without a JSON body: Content-Type " + type;
    }
    if (head) {
      return answer.body().isEmpty() ? null : "a body in an answer to HEAD";
    }
    try {
      JsonNode body = JSON.readTree(answer.body());
      if (body == null
          || !body.path("code").isInt()
          || !body.path("message").isTextual()
          || !body.path("details").isArray()) {
        return "error body is not a Status";
      }
      String message = body.get("message").asText();
      if (message.contains("Exception")
          || message.contains("dev.tally")
          || message.contains("jackson")
          || message.equals("internal error")) {
        return "error message shows internals: " + message;
      }
    } catch (IOException e) {
      return "error body is not JSON";
    }
    return null;
  }

  private static RawHttp.Answer exchange(byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        // Nothing more is coming: the server sees the end of the request as the client would.
        socket.shutdownOutput();
      } catch (SocketException answeredEarly) {
        // the server may answer and close before reading everything
      }
      return RawHttp.read(socket.getInputStream());
    }
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
  }

  /** The seeded generator of malformed requests, family by family. */
  private static final class Generator {

    private static final String[] JUNK = {
      "%00",
      "%2e%2e",
      "%2F",
      "%ZZ",
      "%",
      "..",
      ";",
      "%C0%AF",
      "%E2%80%AE",
      "~",
      "*",
      "%20",
      "+",
      "%0d%0a",
      "'",
      "\"",
      "<",
      ">",
      "{",
      "}",
      "|",
      "\\",
      "^",
      "`",
      "[",
      "]",
      "@",
      "!",
      "$",
      "&",
      "=",
      "?",
      "#",
      "%FF",
      "%u0041",
      "a",
      "Z",
      "0",
      "9",
      "-",
      "_",
      ".",
      "é",
      "%E0%A5%A7",
      "//",
    };

    private static final String[] METHODS = {
      "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "get", "Get", "POSTX", "G",
      "MKCOL", "LOCK", "PURGE", "QUERY", "SEARCH", "BREW", "PUT", "POST", "HEAD", "GET"
    };

    private static final String[] WEIRD_NUMBERS = {
      "1e2147483648",
      "-1e2147483648",
      "1e-2147483649",
      "NaN",
      "Infinity",
      "-Infinity",
      "0x10",
      "1_000",
      "1,5",
      ".5",
      "5.",
      "-",
      "+1",
      "--1",
      "1e",
      "1e+",
      "00012",
      "-0",
      "-0.0",
      "1E400",
      "١٢٣",
      "１２３",
      "१२३",
      "1.2.3",
      "1e99999999999999999999",
      "9".repeat(70),
      "0." + "0".repeat(70) + "1",
      "1/2",
      "½",
      "Ⅻ",
      "\"\"",
      "\" \"",
      "\"1 \"",
      "\"1e2\"",
      "\"0x1\"",
      "true",
      "null",
      "[]",
      "{}",
      "\"١٠\"",
      "\"１\"",
      "123456789012345.123",
      "99999999999999.99",
      "-99999999999999.99",
      "0.001",
      "0.000000000000000000001",
      "1e-7",
      "\"-\"",
      "\"+\"",
    };

    private final Random random;
    private final Set<String> seen = new LinkedHashSet<>();
    private final List<Case> cases = new ArrayList<>();

    Generator(Random random) {
      this.random = random;
    }

    List<Case> all() {
      family("paths", 100, this::path);
      family("ids", 80, this::id);
      family("dates", 80, this::date);
      family("query", 80, this::query);
      family("headers", 80, this::header);
      family("methods", 60, this::method);
      family("framing", 80, this::framing);
      family("bodies", 100, this::body);
      family("numbers", 90, this::number);
      return cases;
    }

    private void family(String name, int count, Supplier<byte[]> make) {
      int made = 0;
      for (int attempt = 0; made < count && attempt < count * 20; attempt++) {
        byte[] bytes = make.get();
        if (seen.add(new String(bytes, StandardCharsets.ISO_8859_1))) {
          cases.add(new Case(name, bytes));
          made++;
        }
      }
    }

    // ---- families ----

    private byte[] path() {
      String[] prefixes = {
        "/api/v1/invoices/",
        "/api/v1/",
        "/operator/v1/organizations/",
        "/operator/v1/periods/",
        "/",
        "/api//v1/invoices/",
        "/API/V1/INVOICES/",
        "/api/v1/invoices/" + invoiceId + "/",
        "/operator/v1/",
        "/api/v2/invoices/",
        "/api/v1/invoices/../"
      };
      String target = pick(prefixes) + junk(random.nextInt(12));
      if (target.startsWith("/operator")) {
        return request("POST", target, operatorKey, "application/json", "{}");
      }
      return request("GET", target, billingKey, null, (String) null);
    }

    private byte[] id() {
      String id =
          switch (random.nextInt(5)) {
            case 0 -> junk(1 + random.nextInt(20));
            case 1 -> "x".repeat(1 + random.nextInt(6_000));
            case 2 -> encode(invoiceId.substring(0, random.nextInt(invoiceId.length())) + junk(1));
            case 3 -> encode(randomUnicode(1 + random.nextInt(12)));
            default -> encode(mutate(invoiceId));
          };
      if (random.nextBoolean()) {
        return request("GET", "/api/v1/invoices/" + id, billingKey, null, (String) null);
      }
      String route = random.nextBoolean() ? "/credit-grants" : "/adjustments";
      String body =
          route.equals("/adjustments")
              ? "{\"period\":\"2026-11\",\"amount\":\"1.00\"}"
              : "{\"amount\":\"1.00\",\"starts_at\":\"2026-11-01T00:00:00Z\","
                  + "\"expires_at\":\"2027-11-01T00:00:00Z\"}";
      return request(
          "POST",
          "/operator/v1/organizations/" + id + route,
          operatorKey,
          "application/json",
          body);
    }

    private byte[] date() {
      String valid = "2026-01-01T00:00:00Z";
      String value =
          switch (random.nextInt(4)) {
            case 0 -> mutate(valid);
            case 1 -> mutate(mutate(valid));
            case 2 ->
                pick(
                        "yesterday",
                        "0",
                        "-1",
                        "1700000000",
                        "2026-02-30T00:00:00Z",
                        "2026-01-01T24:00:00Z",
                        "+2026-01-01T00:00:00Z",
                        "9999999-01-01T00:00:00Z",
                        "2026-01-01T00:00:00.0000000000Z",
                        "2026-01-01t00:00:00z",
                        "2026-01-01T00:00:00+25:00",
                        "２０２６-01-01T00:00:00Z")
                    + junk(random.nextInt(2));
            default -> valid.substring(0, random.nextInt(valid.length())) + junk(random.nextInt(3));
          };
      String name = pick("start_time", "end_time");
      String period = "2026-" + String.format("%02d", 1 + random.nextInt(12));
      if (random.nextInt(4) == 0) {
        // A period in the close route, as mangled as a date.
        return request(
            "POST",
            "/operator/v1/periods/" + encode(mutate(period)) + "/close",
            operatorKey,
            null,
            (String) null);
      }
      return request(
          "GET", "/api/v1/invoices?" + name + "=" + encode(value), billingKey, null, null);
    }

    private byte[] query() {
      String[] names = {
        "start_time",
        "end_time",
        "sort_order",
        "pagination.page",
        "pagination.limit",
        "pagination.as_of_time",
        "pagination.sort_order",
        "page_size",
        "status",
        "",
        "%",
        "pagination.",
        "a[b]",
        "start_time[]",
        "x".repeat(300)
      };
      StringBuilder q = new StringBuilder();
      int params = 1 + random.nextInt(4);
      for (int i = 0; i < params; i++) {
        if (i > 0) {
          q.append(pick("&", "&&", ";", "&"));
        }
        q.append(pick(names));
        if (random.nextInt(5) > 0) {
          q.append('=');
          q.append(
              switch (random.nextInt(4)) {
                case 0 -> pick(WEIRD_NUMBERS).replace("\"", "%22");
                case 1 -> junk(random.nextInt(6));
                case 2 -> pick("ASC", "DESC", "asc", "", "SIDEWAYS", "-1", "0", "1000000");
                default -> encode(randomUnicode(random.nextInt(6)));
              });
        }
      }
      String path = random.nextInt(4) == 0 ? "/api/v1/invoices/" + invoiceId : "/api/v1/invoices";
      return request("GET", path + "?" + q, billingKey, null, (String) null);
    }

    private byte[] header() {
      String path = "/api/v1/invoices";
      StringBuilder extra = new StringBuilder();
      String key = billingKey;
      switch (random.nextInt(9)) {
        case 0 -> key = null;
        case 1 ->
            extra
                .append("Authorization: ")
                .append(pick("Bearer", "Bearer ", "bearer x", "Basic Zm9vOmJhcg==", "Token x", ""))
                .append(junk(random.nextInt(3)))
                .append("\r\n");
        case 2 -> key = "TALLY1_" + randomToken(random.nextInt(70));
        case 3 -> key = "TALLYOP1_" + randomToken(random.nextInt(70));
        case 4 -> key = mutate(billingKey);
        case 5 ->
            extra
                .append("Cc-Version: ")
                .append(pick("2024-09-16", "1999-01-01", "", "latest", "2024-13-01", "v1"))
                .append(junk(random.nextInt(2)))
                .append("\r\n");
        case 6 ->
            extra
                .append(pick("X-Bad Name", "X-Bad\u0001", "NoColon", ":empty", "X\u00ff"))
                .append(random.nextBoolean() ? ": v" : "")
                .append(junk(random.nextInt(2)))
                .append("\r\n");
        case 7 ->
            extra
                .append("X-Big: ")
                .append("b".repeat(random.nextInt(3) == 0 ? 20_000 : 100 + random.nextInt(1000)))
                .append("\r\n");
        default ->
            extra
                .append(
                    pick(
                        "Content-Length: -1\r\n",
                        "Content-Length: abc\r\n",
                        "Content-Length: 1, 2\r\n",
                        "Transfer-Encoding: gzip\r\n",
                        "Expect: 100-continue\r\n",
                        "Expect: nonsense\r\n",
                        "Host: a\r\nHost: b\r\n",
                        "Authorization: Bearer a\r\n",
                        "Accept: application/xml\r\n",
                        "Accept-Encoding: br;q=x\r\n",
                        "Content-Type: text/html\r\n",
                        "Range: bytes=0-1\r\n",
                        "If-None-Match: *\r\n",
                        "Connection: upgrade\r\nUpgrade: h2c\r\n"))
                .append("X-Nonce: ")
                .append(random.nextInt(1000))
                .append("\r\n");
      }
      String target = random.nextInt(4) == 0 ? "/operator/v1/usage-events" : path;
      String method = target.startsWith("/operator") ? "POST" : "GET";
      String useKey = target.startsWith("/operator") && key == billingKey ? operatorKey : key;
      return raw(
          method
              + " "
              + target
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
              + (useKey == null ? "" : "Authorization: Bearer " + useKey + "\r\n")
              + extra
              + (method.equals("POST")
                  ? "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"events\":[]}"
                  : "\r\n"));
    }

    private byte[] method() {
      String[] paths = {
        "/api/v1/invoices",
        "/api/v1/invoices/" + invoiceId,
        "/operator/v1/usage-events",
        "/operator/v1/price-book",
        "/operator/v1/periods/2026-10/close",
        "/operator/v1/organizations/" + org + "/adjustments",
        "/health",
        "/api/v1/clusters"
      };
      String method = random.nextInt(5) == 0 ? randomUpper(1 + random.nextInt(20)) : pick(METHODS);
      String path = pick(paths);
      String key = path.startsWith("/operator") ? operatorKey : billingKey;
      return request(
          method,
          path,
          key,
          random.nextBoolean() ? "application/json" : null,
          random.nextBoolean() ? "{}" : null);
    }

    private byte[] framing() {
      String auth = "Authorization: Bearer " + billingKey + "\r\n";
      String op = "Authorization: Bearer " + operatorKey + "\r\n";
      int n = random.nextInt(1000);
      return raw(
          switch (random.nextInt(16)) {
            case 0 ->
                "GET /api/v1/invoices "
                    + pick(
                        "HTTP/0.9",
                        "HTTP/1.2",
                        "HTTP/9.9",
                        "HTTP/2.0",
                        "HTTP/1",
                        "http/1.1",
                        "HTTP/1.1 x",
                        "HTTP/01.1",
                        "HTTP/1.10",
                        "HTTPS/1.1",
                        "")
                    + "\r\nHost: x\r\n"
                    + auth
                    + "X-N: "
                    + n
                    + "\r\n\r\n";
            case 1 -> "GET /api/v1/invoices\r\n\r\n" + "X".repeat(n % 7);
            case 2 -> "GET  /api/v1/invoices  HTTP/1.1\r\nHost: x\r\nX-N: " + n + "\r\n\r\n";
            case 3 -> "GET\t/api/v1/invoices\tHTTP/1.1\r\nHost: x\r\nX-N: " + n + "\r\n\r\n";
            case 4 ->
                "GET /api/v1/invoices HTTP/1.1\nHost: x\n"
                    + auth.replace("\r\n", "\n")
                    + "X-N: "
                    + n
                    + "\n\n";
            case 5 -> "GET /api/v1/invoices HTTP/1.1\r\n" + auth + "X-N: " + n + "\r\n\r\n";
            case 6 ->
                "POST /operator/v1/usage-events HTTP/1.1\r\nHost: x\r\n"
                    + op
                    + "Content-Type: application/json\r\nContent-Length: 13\r\n"
                    + "Transfer-Encoding: chunked\r\nX-N: "
                    + n
                    + "\r\n\r\nd\r\n{\"events\":[]}\r\n0\r\n\r\n";
            case 7 ->
                "POST /operator/v1/usage-events HTTP/1.1\r\nHost: x\r\n"
                    + op
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nX-N: "
                    + n
                    + "\r\n\r\n"
                    + pick(
                        "zz\r\n",
                        "-1\r\n",
                        "ffffffffffffffff\r\n",
                        "5\r\n{\"ev",
                        "d;ext=1\r\n{\"events\":[]}\r\n",
                        "d\r\n{\"events\":[]}");
            case 8 ->
                "POST /operator/v1/usage-events HTTP/1.1\r\nHost: x\r\n"
                    + op
                    + "Content-Type: application/json\r\nContent-Length: "
                    + (20 + n)
                    + "\r\n\r\n{\"events\":[]}";
            case 9 ->
                "POST /operator/v1/usage-events HTTP/1.1\r\nHost: x\r\n"
                    + op
                    + "Content-Type: application/json\r\nContent-Length: 13\r\nContent-Length: 14\r\nX-N: "
                    + n
                    + "\r\n\r\n{\"events\":[]} ";
            case 10 ->
                "GET http://evil.example"
                    + pick("", ":80", ":99999")
                    + "/api/v1/invoices HTTP/1.1\r\nHost: x\r\n"
                    + auth
                    + "X-N: "
                    + n
                    + "\r\n\r\n";
            case 11 ->
                pick(
                        "OPTIONS * HTTP/1.1",
                        "CONNECT 127.0.0.1:1 HTTP/1.1",
                        "GET * HTTP/1.1",
                        "GET api/v1/invoices HTTP/1.1",
                        "GET ?x HTTP/1.1",
                        "GET # HTTP/1.1")
                    + "\r\nHost: x\r\nX-N: "
                    + n
                    + "\r\n\r\n";
            case 12 ->
                "GET /api/v1/invoices HTTP/1.1\r\nHost: x\r\n"
                    + auth
                    + " folded: header\r\nX-N: "
                    + n
                    + "\r\n\r\n";
            case 13 ->
                "\r\n\r\n\r\nGET /api/v1/invoices HTTP/1.1\r\nHost: x\r\nX-N: " + n + "\r\n\r\n";
            case 14 -> randomAscii(1 + random.nextInt(200)) + "\r\n\r\n";
            default -> "GET /" + "a".repeat(8_000 + n * 20) + " HTTP/1.1\r\nHost: x\r\n\r\n";
          });
    }

    private byte[] body() {
      String event =
          "{\"event_id\":\"e"
              + random.nextInt(1_000_000)
              + "\",\"organization_id\":\""
              + org
              + "\",\"cluster_id\":\""
              + clusterId
              + "\",\"sku\":\"basic.compute\","
              + "\"quantity\":\"1.5\",\"timestamp\":\"2026-11-10T00:00:00Z\"}";
      String[] valid = {
        "{\"events\":[" + event + "]}",
        "{\"period\":\"2026-11\",\"amount\":\"12.50\",\"name\":\"Support\"}",
        "{\"amount\":\"100.00\",\"starts_at\":\"2026-11-01T00:00:00Z\","
            + "\"expires_at\":\"2027-11-01T00:00:00Z\"}",
        "{\"version\":1,\"skus\":[{\"sku\":\"basic.compute\",\"unit_price\":\"0.5\"}]}",
      };
      int which = random.nextInt(valid.length);
      String body =
          switch (random.nextInt(10)) {
            case 0 -> valid[which].substring(0, random.nextInt(valid[which].length()));
            case 1 ->
                insert(
                    valid[which],
                    pick(
                        "\u0000", "\\", "\"", ",", "}", "]", "{", "'", "/*x*/", "\uFEFF",
                        "\u2028"));
            case 2 ->
                valid[which].replaceFirst(
                    "\\{",
                    "{\""
                        + pick("amount", "events", "period", "name", "version")
                        + "\":"
                        + pick("1", "null", "\"x\"", "[]")
                        + ",");
            case 3 -> "[".repeat(1 + random.nextInt(3_000));
            case 4 ->
                "{\"a\":".repeat(1 + random.nextInt(2_000)) + "1" + "}".repeat(random.nextInt(3));
            case 5 -> valid[which] + pick(" x", "{}", ",", "]", "\u0000", "null", " // c");
            case 6 ->
                pick(
                        "",
                        " ",
                        "null",
                        "true",
                        "[]",
                        "\"s\"",
                        "0",
                        "NaN",
                        "{'a':1}",
                        "{a:1}",
                        "\uFEFF{}")
                    + " ".repeat(random.nextInt(3));
            case 7 -> valid[which].replace("\"", pick("'", "\u201c", "\\\""));
            case 8 -> "{\"events\":[" + (event + ",").repeat(random.nextInt(5)) + "\"x\"]}";
            default -> mutate(mutate(valid[which]));
          };
      String path =
          switch (which) {
            case 0 -> "/operator/v1/usage-events";
            case 1 -> "/operator/v1/organizations/" + org + "/adjustments";
            case 2 -> "/operator/v1/organizations/" + org + "/credit-grants";
            default -> "/operator/v1/price-book";
          };
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(8) == 0) {
        bytes = invalidUtf8(bytes);
      }
      return requestBytes(
          which == 3 ? "PUT" : "POST", path, operatorKey, "application/json", bytes);
    }

    private byte[] number() {
      String value = random.nextInt(3) == 0 ? randomNumber() : pick(WEIRD_NUMBERS);
      String asString =
          random.nextBoolean() && !value.startsWith("\"") ? "\"" + value + "\"" : value;
      return switch (random.nextInt(4)) {
        case 0 ->
            request(
                "POST",
                "/operator/v1/organizations/" + org + "/adjustments",
                operatorKey,
                "application/json",
                "{\"period\":\"2026-11\",\"amount\":" + asString + "}");
        case 1 ->
            request(
                "POST",
                "/operator/v1/organizations/" + org + "/credit-grants",
                operatorKey,
                "application/json",
                "{\"amount\":"
                    + asString
                    + ",\"starts_at\":\"2026-11-01T00:00:00Z\",\"expires_at\":\"2027-11-01T00:00:00Z\"}");
        case 2 ->
            request(
                "POST",
                "/operator/v1/usage-events",
                operatorKey,
                "application/json",
                "{\"events\":[{\"event_id\":\"n"
                    + random.nextInt(1_000_000)
                    + "\",\"organization_id\":\""
                    + org
                    + "\",\"cluster_id\":\""
                    + clusterId
                    + "\",\"sku\":\"basic.compute\","
                    + "\"quantity\":"
                    + asString
                    + ",\"timestamp\":\"2026-11-10T00:00:00Z\"}]}");
        default ->
            request(
                "PUT",
                "/operator/v1/price-book",
                operatorKey,
                "application/json",
                "{\"version\":"
                    + (random.nextBoolean() ? "1" : value)
                    + ",\"skus\":[{\"sku\":\"basic.compute\",\"unit_price\":"
                    + asString
                    + "}]}");
      };
    }

    // ---- pieces ----

    private byte[] request(String method, String target, String key, String type, String body) {
      return requestBytes(
          method, target, key, type, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] requestBytes(
        String method, String target, String key, String type, byte[] body) {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
      if (key != null) {
        head.append("Authorization: Bearer ").append(key).append("\r\n");
      }
      if (type != null) {
        head.append("Content-Type: ").append(type).append("\r\n");
      }
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.writeBytes(body);
      }
      return out.toByteArray();
    }

    private static byte[] raw(String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }

    private String pick(String... options) {
      return options[random.nextInt(options.length)];
    }

    private String junk(int pieces) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < pieces; i++) {
        s.append(pick(JUNK));
      }
      return s.toString();
    }

    private String mutate(String s) {
      if (s.isEmpty()) {
        return pick(JUNK);
      }
      int at = random.nextInt(s.length());
      String piece =
          switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> String.valueOf((char) (32 + random.nextInt(95)));
            case 2 -> randomUnicode(1);
            default -> s.substring(at, at + 1).repeat(2 + random.nextInt(3));
          };
      return s.substring(0, at) + piece + s.substring(Math.min(s.length(), at + 1));
    }

    private String insert(String s, String piece) {
      int at = random.nextInt(s.length() + 1);
      return s.substring(0, at) + piece + s.substring(at);
    }

    private String randomUnicode(int length) {
      int[] blocks = {0x0660, 0xFF10, 0x0966, 0x00C0, 0x4E00, 0x1F600, 0x202E, 0x0300, 0x2028};
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < length; i++) {
        s.appendCodePoint(blocks[random.nextInt(blocks.length)] + random.nextInt(10));
      }
      return s.toString();
    }

    private String randomToken(int length) {
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < length; i++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return s.toString();
    }

    private String randomUpper(int length) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < length; i++) {
        s.append((char) ('A' + random.nextInt(26)));
      }
      return s.toString();
    }

    private String randomAscii(int length) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < length; i++) {
        s.append((char) (1 + random.nextInt(126)));
      }
      return s.toString();
    }

    private String randomNumber() {
      StringBuilder s = new StringBuilder();
      if (random.nextBoolean()) {
        s.append('-');
      }
      s.append(1 + random.nextInt(9));
      int digits = random.nextInt(30);
      for (int i = 0; i < digits; i++) {
        s.append(random.nextInt(10));
      }
      if (random.nextBoolean()) {
        s.append('.').append(random.nextInt(100_000));
      }
      if (random.nextInt(3) == 0) {
        s.append(pick("e", "E", "e+", "e-")).append(random.nextInt(Integer.MAX_VALUE));
      }
      return s.toString();
    }

    private byte[] invalidUtf8(byte[] bytes) {
      byte[] copy = bytes.clone();
      if (copy.length > 0) {
        copy[random.nextInt(copy.length)] = (byte) (0x80 + random.nextInt(0x80));
      }
      return copy;
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }
}
