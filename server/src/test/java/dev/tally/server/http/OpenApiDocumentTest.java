package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tally.engine.PriceBookFile;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CloudProvider;
import dev.tally.model.Cluster;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.Plan;
import dev.tally.model.WireJson;
import dev.tally.model.operator.AdjustmentRequest;
import dev.tally.model.operator.CreditGrantRequest;
import dev.tally.model.operator.IngestUsageRequest;
import dev.tally.model.operator.UsageEvent;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.SampleInvoices;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Tally's OpenAPI document ({@link OpenApiRoutes#RESOURCE}) is a valid OpenAPI 3 document, and its
 * billing part means exactly what the reference contract means: the same schemas (types, formats,
 * enums, required fields), the same answer schemas per status, and, on a corpus of real and broken
 * answers, the same verdict from the validator for every one. Without the reference beside the
 * repository the comparisons print a WARNING and are reported skipped (a failure under {@code
 * CI=true}).
 */
class OpenApiDocumentTest {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String LIST = "/api/v1/invoices";
  private static final String GET = "/api/v1/invoices/{invoice_id}";

  /** Keywords that describe and do not constrain. */
  private static final List<String> ANNOTATIONS =
      List.of("description", "example", "examples", "title", "externalDocs", "deprecated");

  private static JsonNode tally() throws Exception {
    return JSON.readTree(OpenApiRoutes.document());
  }

  private static Optional<JsonNode> reference() throws Exception {
    if (ContractValidator.referenceDocument().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(JSON.readTree(Files.readString(ContractValidator.specPath())));
  }

  @Test
  void isAValidOpenApi3DocumentWithNoUnresolvedReference() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed =
        new OpenAPIV3Parser()
            .readContents(
                new String(OpenApiRoutes.document(), StandardCharsets.UTF_8), null, options);
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.0.");
    assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes())
        .containsKeys("ApiKey", "OperatorKey");
  }

  @Test
  void everyReferenceSchemaIsThereMeaningTheSame() throws Exception {
    Optional<JsonNode> reference = reference();
    assumeTrue(reference.isPresent(), "the reference contract is not beside the repository");
    JsonNode ours = tally().path("components").path("schemas");
    JsonNode theirs = reference.get().path("components").path("schemas");
    List<String> names = new ArrayList<>();
    theirs.fieldNames().forEachRemaining(names::add);
    assertThat(names).hasSizeGreaterThan(30);
    for (String name : names) {
      assertThat(ours.has(name)).as("schema %s in Tally's document", name).isTrue();
      assertThat(meaning(ours.get(name)))
          .as("schema %s means what the reference's does", name)
          .isEqualTo(meaning(theirs.get(name)));
    }
  }

  @Test
  void billingOperationsTakeTheSameParametersAndAllowTheSameAnswers() throws Exception {
    Optional<JsonNode> reference = reference();
    assumeTrue(reference.isPresent(), "the reference contract is not beside the repository");
    JsonNode ours = tally();
    for (String path : List.of(LIST, GET)) {
      JsonNode theirOp = reference.get().path("paths").path(path).path("get");
      JsonNode ourOp = ours.path("paths").path(path).path("get");
      assertThat(ourOp.isObject()).as("GET %s", path).isTrue();
      assertThat(parameters(ourOp, ours, true))
          .as("required parameters of GET %s", path)
          .isEqualTo(parameters(theirOp, reference.get(), true));
      assertThat(parameters(ourOp, ours, false))
          .as("parameters of GET %s", path)
          .containsAllEntriesOf(parameters(theirOp, reference.get(), false));
      TreeSet<String> statuses = new TreeSet<>();
      theirOp.path("responses").fieldNames().forEachRemaining(statuses::add);
      ourOp.path("responses").fieldNames().forEachRemaining(statuses::add);
      assertThat(statuses).contains("200", "400", "401", "403", "404", "405", "429", "503");
      for (String status : statuses) {
        JsonNode our = answer(ours, ourOp, status);
        JsonNode their = answer(reference.get(), theirOp, status);
        assertThat(content(ours, our))
            .as("the body of GET %s -> %s", path, status)
            .isEqualTo(content(reference.get(), their));
        our.path("headers")
            .forEach(
                header ->
                    assertThat(header.path("required").asBoolean())
                        .as("a header of GET %s -> %s required beyond the reference", path, status)
                        .isFalse());
      }
    }
  }

  @Test
  void everyAnswerTheReferenceAcceptsTallysDocumentAcceptsAndViceVersa() throws Exception {
    Optional<OpenApiInteractionValidator> reference = ContractValidator.referenceDocument();
    assumeTrue(reference.isPresent(), "the reference contract is not beside the repository");
    OpenApiInteractionValidator ours = ContractValidator.tallyDocument();
    List<Answer> corpus = corpus();
    List<String> disagreements = new ArrayList<>();
    int accepted = 0;
    for (Answer answer : corpus) {
      List<String> byTally =
          ContractValidator.messages(ours, Request.Method.GET, answer.path, answer.response);
      List<String> byReference =
          ContractValidator.messages(
              reference.get(), Request.Method.GET, answer.path, answer.response);
      if (byTally.isEmpty() != byReference.isEmpty()) {
        disagreements.add(
            answer.what + ": Tally's document says " + byTally + ", the reference " + byReference);
      }
      accepted += byReference.isEmpty() ? 1 : 0;
    }
    System.out.printf(
        "OpenAPI corpus: %d answers, %d accepted by both documents%n", corpus.size(), accepted);
    assertThat(disagreements).isEmpty();
    assertThat(corpus).hasSizeGreaterThan(1_000);
    assertThat(accepted).as("accepted answers in the corpus").isBetween(100, corpus.size() - 500);
  }

  @Test
  void theValidatorRejectsAnInvoiceMissingARequiredField() throws Exception {
    ObjectNode invoice = (ObjectNode) JSON.valueToTree(sampleInvoices().get(1));
    assertThat(
            ContractValidator.messages(
                ContractValidator.tallyDocument(), Request.Method.GET, GET, ok(invoice)))
        .isEmpty();
    invoice.remove("invoice_id");
    assertThat(
            ContractValidator.messages(
                ContractValidator.tallyDocument(), Request.Method.GET, GET, ok(invoice)))
        .anySatisfy(message -> assertThat(message).contains("invoice_id"));
  }

  @Test
  void anOperatorRoutesUnauthenticatedAnswerWithoutItsChallengeIsRefused() {
    SimpleResponse.Builder answer =
        SimpleResponse.Builder.status(401)
            .withContentType("application/json")
            .withBody("{\"code\":16,\"message\":\"no key\",\"details\":[]}");
    String path = "/operator/v1/usage-events";
    assertThat(
            ContractValidator.messages(
                ContractValidator.tallyDocument(), Request.Method.POST, path, answer.build()))
        .anySatisfy(message -> assertThat(message).contains("WWW-Authenticate"));
    answer.withHeader("WWW-Authenticate", "Bearer realm=\"tally\"");
    assertThat(
            ContractValidator.messages(
                ContractValidator.tallyDocument(), Request.Method.POST, path, answer.build()))
        .isEmpty();
  }

  @Test
  void theOperatorRequestBodiesTheSdkSendsMatchTheDocument() throws Exception {
    UsageEvent event =
        new UsageEvent(
            "evt-1",
            "acme",
            "c-1",
            "basic.request_units",
            new BigDecimal("1500000.5"),
            Instant.parse("2026-10-04T12:00:00Z"));
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put(
        "POST /operator/v1/usage-events",
        JSON.writeValueAsString(new IngestUsageRequest(List.of(event, event))));
    bodies.put(
        "PUT /operator/v1/price-book", PriceBookFile.toJson(PriceBookFile.defaultPriceBook()));
    bodies.put(
        "POST /operator/v1/organizations/acme/credit-grants",
        JSON.writeValueAsString(
            new CreditGrantRequest(
                new BigDecimal("500.00"),
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"))));
    bodies.put(
        "POST /operator/v1/organizations/acme/adjustments",
        JSON.writeValueAsString(
            new AdjustmentRequest(
                BillingPeriod.parse("2026-11"), "Premium support", new BigDecimal("-100.00"))));
    bodies.put("POST /operator/v1/periods/2026-10/close", "");
    for (Map.Entry<String, String> body : bodies.entrySet()) {
      String[] route = body.getKey().split(" ");
      SimpleRequest.Builder request =
          new SimpleRequest.Builder(route[0], route[1])
              .withHeader("Authorization", "Bearer TALLYOP1_key_secret");
      if (!body.getValue().isEmpty()) {
        request.withContentType("application/json").withBody(body.getValue());
      }
      assertThat(ContractValidator.tallyDocument().validateRequest(request.build()).getMessages())
          .as("%s %s", body.getKey(), body.getValue())
          .isEmpty();
    }
    // And the document is no rubber stamp: a quantity that is no decimal is refused.
    SimpleRequest bad =
        SimpleRequest.Builder.post("/operator/v1/usage-events")
            .withHeader("Authorization", "Bearer TALLYOP1_key_secret")
            .withContentType("application/json")
            .withBody(bodies.get("POST /operator/v1/usage-events").replace("1500000.5", "\"lots\""))
            .build();
    assertThat(ContractValidator.tallyDocument().validateRequest(bad).getMessages()).isNotEmpty();
  }

  // ---- the corpus ----

  private record Answer(String what, String path, SimpleResponse response) {}

  private static List<Cluster> clusters() {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    List<Cluster> clusters = new ArrayList<>();
    int i = 0;
    for (Plan plan : List.of(Plan.BASIC, Plan.STANDARD, Plan.ADVANCED)) {
      for (CloudProvider cloud :
          List.of(CloudProvider.GCP, CloudProvider.AWS, CloudProvider.AZURE)) {
        i++;
        clusters.add(
            new ClusterSpec(
                    "c-" + i,
                    plan.name().toLowerCase() + "-" + cloud.name().toLowerCase(),
                    plan,
                    cloud,
                    List.of(cloud == CloudProvider.GCP ? "us-central1" : "us-east-1"),
                    Map.of("env", "prod"))
                .toCluster(created));
      }
    }
    return clusters;
  }

  /** Invoices with clusters of every plan and cloud, with none, and with one of each kind. */
  private static List<dev.tally.model.Invoice> sampleInvoices() {
    List<Cluster> clusters = clusters();
    Cluster dedicated = clusters.stream().filter(c -> c.plan().is(Plan.ADVANCED)).findFirst().get();
    Cluster serverless =
        clusters.stream().filter(c -> c.plan().is(Plan.STANDARD)).findFirst().get();
    return List.of(
        SampleInvoices.forMonth(
            "inv_acme_2026-09", YearMonth.of(2026, 9), InvoiceStatus.FINALIZED, List.of(), 3),
        SampleInvoices.forMonth(
            "inv_acme_2026-10", YearMonth.of(2026, 10), InvoiceStatus.FINALIZED, clusters, 1),
        SampleInvoices.forMonth(
            "inv_acme_2026-11", YearMonth.of(2026, 11), InvoiceStatus.DRAFT, List.of(dedicated), 2),
        SampleInvoices.forMonth(
            "inv_acme_2026-12",
            YearMonth.of(2026, 12),
            InvoiceStatus.DRAFT,
            List.of(serverless),
            4));
  }

  private static List<Answer> corpus() {
    List<Answer> corpus = new ArrayList<>();
    List<dev.tally.model.Invoice> invoices = sampleInvoices();
    JsonNode list = JSON.valueToTree(new ListInvoicesResponse(invoices));
    corpus.add(new Answer("the list", LIST, ok(list)));
    corpus.add(
        new Answer(
            "an empty list", LIST, ok(JSON.valueToTree(new ListInvoicesResponse(List.of())))));
    corpus.add(new Answer("an empty object as a list", LIST, ok(NODES.objectNode())));
    for (dev.tally.model.Invoice invoice : invoices) {
      corpus.add(new Answer(invoice.invoiceId(), GET, ok(JSON.valueToTree(invoice))));
    }
    // Every broken variant of an invoice with a dedicated cluster, and of one with a serverless
    // one.
    for (dev.tally.model.Invoice one : invoices.subList(2, 4)) {
      JsonNode invoice = JSON.valueToTree(one);
      mutations(
          invoice,
          one.invoiceId() + " $",
          invoice,
          (what, broken) -> corpus.add(new Answer(what, GET, ok(broken))));
    }
    // And a tenth of those of the list's invoice with clusters of every plan and cloud.
    mutations(
        list.path("invoices").get(1),
        "list $.invoices[1]",
        list,
        (what, broken) -> {
          if (Math.floorMod(what.hashCode(), 10) == 0) {
            corpus.add(new Answer(what, LIST, ok(broken)));
          }
        });
    corpus.add(
        new Answer(
            "an invoice as text/plain",
            GET,
            SimpleResponse.Builder.status(200)
                .withContentType("text/plain")
                .withBody(JSON.valueToTree(invoices.get(1)).toString())
                .build()));
    // Errors: every status Tally answers and some it does not, with good and bad bodies.
    List<String> bodies =
        List.of(
            "{\"code\":3,\"message\":\"bad\",\"details\":[]}",
            "{\"code\":5,\"message\":\"x\",\"details\":[{\"@type\":\"type.googleapis.com/x\"}]}",
            "{}",
            "{\"code\":\"3\"}",
            "{\"code\":1.5}",
            "{\"message\":7}",
            "{\"details\":{}}",
            "{\"details\":[3]}",
            "{\"error\":\"unexpected\"}",
            "[]",
            "\"text\"",
            "42",
            "null");
    for (int status : new int[] {400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 501, 503}) {
      for (String body : bodies) {
        for (String path : List.of(LIST, GET)) {
          corpus.add(
              new Answer(
                  path + " -> " + status + " " + body,
                  path,
                  SimpleResponse.Builder.status(status)
                      .withContentType("application/json")
                      .withBody(body)
                      .build()));
        }
      }
    }
    return corpus;
  }

  private static SimpleResponse ok(JsonNode body) {
    return SimpleResponse.Builder.status(200)
        .withContentType("application/json")
        .withBody(body.toString())
        .build();
  }

  private interface Sink {
    void accept(String what, JsonNode broken);
  }

  /**
   * Every variant of {@code root} with one node under {@code node} removed, replaced by a value of
   * another type, or given an unknown property; arrays are followed into their first element only.
   */
  private static void mutations(JsonNode node, String at, JsonNode root, Sink sink) {
    if (node.isObject()) {
      sink.accept(
          at + " + unknown property",
          changed(root, node, n -> ((ObjectNode) n).put("zz_unknown", 1)));
      List<String> fields = new ArrayList<>();
      node.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        sink.accept(
            at + "." + field + " removed",
            changed(root, node, n -> ((ObjectNode) n).remove(field)));
        for (JsonNode other : replacements()) {
          sink.accept(
              at + "." + field + " = " + other,
              changed(root, node, n -> ((ObjectNode) n).set(field, other)));
        }
        mutations(node.get(field), at + "." + field, root, sink);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      sink.accept(at + " + a string", changed(root, node, n -> ((ArrayNode) n).add("x")));
      for (JsonNode other : replacements()) {
        sink.accept(at + "[0] = " + other, changed(root, node, n -> ((ArrayNode) n).set(0, other)));
      }
      mutations(node.get(0), at + "[0]", root, sink);
    }
  }

  private static List<JsonNode> replacements() {
    return List.of(
        TextNode.valueOf("x"),
        TextNode.valueOf("2026-01-01T00:00:00Z"),
        TextNode.valueOf("USD"),
        NODES.numberNode(7),
        NODES.numberNode(3_000_000_000L),
        NODES.numberNode(1.5),
        NODES.booleanNode(true),
        NODES.nullNode(),
        NODES.arrayNode(),
        NODES.objectNode());
  }

  /** A deep copy of {@code root} with {@code change} applied to the copy of {@code target}. */
  private static JsonNode changed(JsonNode root, JsonNode target, Consumer<JsonNode> change) {
    JsonNode copy = root.deepCopy();
    change.accept(find(root, copy, target));
    return copy;
  }

  private static JsonNode find(JsonNode original, JsonNode copy, JsonNode target) {
    if (original == target) {
      return copy;
    }
    if (original.isObject()) {
      for (Iterator<String> it = original.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        JsonNode found = find(original.get(field), copy.get(field), target);
        if (found != null) {
          return found;
        }
      }
    } else if (original.isArray()) {
      for (int i = 0; i < original.size(); i++) {
        JsonNode found = find(original.get(i), copy.get(i), target);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  // ---- meaning ----

  /**
   * A schema as a validator reads it: annotations dropped, {@code required} and {@code enum} as
   * sets, and a required property without a schema given the empty schema (which means the same).
   * References stay references, by name.
   */
  static JsonNode meaning(JsonNode schema) {
    if (!schema.isObject()) {
      return schema;
    }
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (ANNOTATIONS.contains(key) || key.startsWith("x-")) {
        continue;
      }
      switch (key) {
        case "properties" -> {
          ObjectNode properties = out.putObject("properties");
          value.fields().forEachRemaining(p -> properties.set(p.getKey(), meaning(p.getValue())));
        }
        case "items", "not", "additionalProperties" -> out.set(key, meaning(value));
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode parts = out.putArray(key);
          value.forEach(part -> parts.add(meaning(part)));
        }
        case "required", "enum" -> {
          TreeSet<String> sorted = new TreeSet<>();
          value.forEach(v -> sorted.add(v.toString()));
          ArrayNode set = out.putArray(key);
          sorted.forEach(set::add);
        }
        default -> out.set(key, value);
      }
    }
    if (out.has("required")) {
      ObjectNode properties =
          out.has("properties") ? (ObjectNode) out.get("properties") : out.putObject("properties");
      out.get("required")
          .forEach(
              name -> {
                String property = name.asText().replaceAll("^\"|\"$", "");
                if (!properties.has(property)) {
                  properties.putObject(property);
                }
              });
    }
    return out;
  }

  /** Parameters by "in name" with their meaning, only the required ones or all. */
  private static Map<String, JsonNode> parameters(JsonNode op, JsonNode doc, boolean required) {
    Map<String, JsonNode> out = new java.util.TreeMap<>();
    op.path("parameters")
        .forEach(
            p -> {
              JsonNode parameter = resolve(doc, p);
              if (!required || parameter.path("required").asBoolean()) {
                out.put(
                    parameter.path("in").asText() + " " + parameter.path("name").asText(),
                    NODES
                        .objectNode()
                        .put("required", parameter.path("required").asBoolean())
                        .set("schema", meaning(parameter.path("schema"))));
              }
            });
    return out;
  }

  /** The response for {@code status}, else the default one. */
  private static JsonNode answer(JsonNode doc, JsonNode op, String status) {
    JsonNode responses = op.path("responses");
    return resolve(doc, responses.has(status) ? responses.get(status) : responses.path("default"));
  }

  /**
   * Media type to the meaning of its schema, a reference to a schema the reference lacks inlined.
   */
  private static Map<String, JsonNode> content(JsonNode doc, JsonNode response) {
    Map<String, JsonNode> out = new java.util.TreeMap<>();
    response
        .path("content")
        .fields()
        .forEachRemaining(
            media -> {
              JsonNode schema = media.getValue().path("schema");
              if (schema.has("$ref") && schema.get("$ref").asText().endsWith("/BillingErrorBody")) {
                schema = resolve(doc, schema);
              }
              out.put(media.getKey(), meaning(schema));
            });
    return out;
  }

  private static JsonNode resolve(JsonNode doc, JsonNode node) {
    while (node.has("$ref")) {
      String pointer = node.get("$ref").asText().substring(1);
      node = doc.at(pointer.replace("~", "~0"));
    }
    return node;
  }
}
