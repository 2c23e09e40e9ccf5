package dev.tally.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Validates real responses against the reference OpenAPI document with the Atlassian OpenAPI
 * validator: the response for the operation, path and status, and for errors also the {@code
 * Status} schema. When the reference file is absent it says so loudly and skips only the tests that
 * need it.
 */
public final class ContractValidator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile OpenApiInteractionValidator validator;

  private ContractValidator() {}

  /** Where the reference document is: $TALLY_SPEC, else ../shared/spec beside the repository. */
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

  private static OpenApiInteractionValidator validator() {
    if (validator == null) {
      Path spec = specPath();
      if (spec == null) {
        System.err.println(
            """
            ****************************************************************************
            * WARNING: the reference ../shared/spec/billing-openapi.json is MISSING:    *
            * contract tests are SKIPPED. Set TALLY_SPEC to its path to run them.       *
            ****************************************************************************""");
        Assumptions.abort("reference OpenAPI document not found");
      }
      synchronized (ContractValidator.class) {
        if (validator == null) {
          validator =
              OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString())
                  .build();
        }
      }
    }
    return validator;
  }

  /** Asserts that {@code response} to {@code GET path} conforms to the reference. */
  public static void assertConforms(String path, HttpResponse<String> response) {
    OpenApiInteractionValidator v = validator();
    SimpleResponse.Builder simple =
        SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
    response.headers().firstValue("Content-Type").ifPresent(ct -> simple.withContentType(ct));
    ValidationReport report = v.validateResponse(path, Request.Method.GET, simple.build());
    assertThat(report.getMessages().stream().filter(m -> !isReferenceSelfContradiction(m)).toList())
        .as("contract violations of GET %s -> %d: %s", path, response.statusCode(), response.body())
        .isEmpty();
    if (response.statusCode() >= 300) {
      assertStatusBody(response);
    }
  }

  /**
   * The reference lists {@code is_customer_cloud_account} as required on {@code Cluster} but omits
   * it from the properties, so a strict additional-properties check flags the field the reference
   * demands. Only that exact message is excused; any other unexpected property still fails.
   */
  private static boolean isReferenceSelfContradiction(ValidationReport.Message message) {
    return message.getKey().equals("validation.response.body.schema.additionalProperties")
        && message
            .getMessage()
            .endsWith("not allowed by the schema: [\"is_customer_cloud_account\"]");
  }

  /**
   * Asserts an error body is exactly the reference Status shape with the gRPC code for its HTTP
   * status.
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
    assertThat(body.get("code").asInt())
        .as("gRPC code for HTTP %d", response.statusCode())
        .isEqualTo(expectedCode(response.statusCode()));
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
