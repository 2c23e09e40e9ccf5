package dev.tally.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.GrpcCode;
import dev.tally.server.http.OpenApiRoutes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Validates real answers with the Atlassian OpenAPI validator against Tally's own OpenAPI document
 * ({@link OpenApiRoutes#RESOURCE}, on the classpath, so a bare clone runs every contract test), and
 * for the Billing API also against the reference contract when it is beside the repository. When
 * the reference is absent it prints a WARNING on stderr once, and fails under {@code CI=true},
 * where the reference must be present.
 */
public final class ContractValidator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /** Tally's document, parsed once. */
  private static final class Tally {
    static final OpenApiInteractionValidator VALIDATOR =
        OpenApiInteractionValidator.createForInlineApiSpecification(
                new String(OpenApiRoutes.document(), StandardCharsets.UTF_8))
            .build();
  }

  /** The reference, parsed once when present. */
  private static final class Reference {
    static final Optional<OpenApiInteractionValidator> VALIDATOR =
        Optional.ofNullable(specPath())
            .map(
                spec ->
                    OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString())
                        .build());
  }

  private ContractValidator() {}

  /** Where the reference document is: $TALLY_SPEC, else shared/spec beside a parent directory. */
  public static Path specPath() {
    String env = System.getenv("TALLY_SPEC");
    if (env != null && Files.isRegularFile(Path.of(env))) {
      return Path.of(env);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/spec/billing-openapi.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** The validator for Tally's own document. */
  public static OpenApiInteractionValidator tallyDocument() {
    return Tally.VALIDATOR;
  }

  /**
   * The validator for the reference contract; empty (after a loud WARNING on stderr) when it is not
   * beside the repository: a clone on its own still runs every contract test against Tally's own
   * document.
   */
  public static Optional<OpenApiInteractionValidator> referenceDocument() {
    if (Reference.VALIDATOR.isEmpty()) {
      if (WARNED.compareAndSet(false, true)) {
        System.err.println(
            """
            ****************************************************************************
            * WARNING: the reference ../shared/spec/billing-openapi.json is MISSING:    *
            * answers are validated against Tally's own OpenAPI document only, and the  *
            * check that it means what the reference means is SKIPPED. Set TALLY_SPEC.  *
            ****************************************************************************""");
      }
    }
    return Reference.VALIDATOR;
  }

  /** Asserts that {@code response} to {@code GET path} conforms. */
  public static void assertConforms(String path, HttpResponse<String> response) {
    assertConforms(Request.Method.GET, path, response);
  }

  /**
   * Asserts that {@code response} to {@code method path} conforms to Tally's document (and, for a
   * Billing API {@code GET}, to the reference when present), and that an error is a {@code Status}
   * body with the gRPC code of its HTTP status.
   *
   * @param path the path, literal or as the document's template (e.g. {@code
   *     /api/v1/invoices/{invoice_id}})
   */
  public static void assertConforms(
      Request.Method method, String path, HttpResponse<String> response) {
    SimpleResponse answer = simple(response);
    assertThat(messages(tallyDocument(), method, path, answer))
        .as(
            "violations of Tally's OpenAPI document by %s %s -> %d: %s",
            method, path, response.statusCode(), response.body())
        .isEmpty();
    if (method == Request.Method.GET && path.startsWith("/api/")) {
      referenceDocument()
          .ifPresent(
              reference ->
                  assertThat(messages(reference, method, path, answer))
                      .as(
                          "violations of the reference contract by GET %s -> %d: %s",
                          path, response.statusCode(), response.body())
                      .isEmpty());
    }
    if (response.statusCode() >= 300) {
      assertStatusBody(response);
    }
  }

  /**
   * What Tally's document finds wrong with {@code response} to {@code method path}; empty when it
   * conforms. For tests that report failures their own way.
   *
   * @param path the path without a query string, literal or as the document's template
   */
  public static List<String> violations(
      Request.Method method, String path, HttpResponse<String> response) {
    return messages(tallyDocument(), method, path, simple(response));
  }

  private static SimpleResponse simple(HttpResponse<String> response) {
    SimpleResponse.Builder simple = SimpleResponse.Builder.status(response.statusCode());
    if (!response.body().isEmpty()) {
      simple.withBody(response.body());
    }
    response.headers().map().forEach(simple::withHeader);
    return simple.build();
  }

  /**
   * What {@code validator} finds wrong with {@code answer} to {@code method path}, less the one
   * contradiction of the reference (see {@link #isReferenceSelfContradiction}).
   */
  public static List<String> messages(
      OpenApiInteractionValidator validator,
      Request.Method method,
      String path,
      SimpleResponse answer) {
    ValidationReport report = validator.validateResponse(path, method, answer);
    return report.getMessages().stream()
        .filter(m -> !isReferenceSelfContradiction(m))
        .map(m -> m.getKey() + ": " + m.getMessage())
        .toList();
  }

  /**
   * The reference lists {@code is_customer_cloud_account} as required on {@code Cluster} but omits
   * it from the properties, so a strict additional-properties check flags the field the reference
   * demands. Only that exact message is excused; any other unexpected property still fails.
   * (Tally's document declares the field with the empty schema, which means the same and needs no
   * excuse.)
   */
  private static boolean isReferenceSelfContradiction(ValidationReport.Message message) {
    return message.getKey().equals("validation.response.body.schema.additionalProperties")
        && message
            .getMessage()
            .endsWith("not allowed by the schema: [\"is_customer_cloud_account\"]");
  }

  /**
   * Asserts an error body is exactly the reference Status shape with a gRPC code for its HTTP
   * status: one that {@link GrpcCode} pairs with it (400 is INVALID_ARGUMENT, FAILED_PRECONDITION
   * or OUT_OF_RANGE), or for a status no code is paired with, the code of {@link #expectedCode}.
   */
  public static void assertStatusBody(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("error body is not JSON: " + response.body(), e);
    }
    assertThat(body.isObject()).as("body %s", response.body()).isTrue();
    assertThat(body.get("code").isInt()).as("code in %s", response.body()).isTrue();
    assertThat(body.get("message").isTextual()).as("message in %s", response.body()).isTrue();
    assertThat(body.get("details").isArray()).as("details in %s", response.body()).isTrue();
    assertThat(body.get("message").asText())
        .doesNotContainIgnoringCase("exception")
        .doesNotContainIgnoringCase("select ")
        .doesNotContain("dev.tally")
        .doesNotContain("at org.");
    int code = body.get("code").asInt();
    boolean paired =
        GrpcCode.forCode(code).map(GrpcCode::httpStatus).orElse(-1) == response.statusCode();
    assertThat(paired || code == expectedCode(response.statusCode()))
        .as("gRPC code %d for HTTP %d: %s", code, response.statusCode(), response.body())
        .isTrue();
  }

  public static int expectedCode(int httpStatus) {
    return switch (httpStatus) {
      case 400, 413, 414, 431 -> 3;
      case 401 -> 16;
      case 403 -> 7;
      case 404 -> 5;
      case 405, 505 -> 12;
      case 408 -> 4;
      case 429 -> 8;
      case 503 -> 14;
      default -> httpStatus >= 500 ? 13 : 3;
    };
  }
}
