package dev.tally.client;

import static dev.tally.client.Fixtures.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import dev.tally.model.GrpcCode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMappingTest {

  private final RecordingSleeper sleeper = new RecordingSleeper();

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(400, 3, BadRequestException.class),
        Arguments.of(401, 16, UnauthenticatedException.class),
        Arguments.of(403, 7, PermissionDeniedException.class),
        Arguments.of(404, 5, NotFoundException.class),
        Arguments.of(429, 8, RateLimitedException.class),
        Arguments.of(500, 13, ServerException.class),
        Arguments.of(503, 14, ServerException.class),
        Arguments.of(409, 6, UnexpectedStatusException.class),
        Arguments.of(408, 4, UnexpectedStatusException.class),
        Arguments.of(302, 0, UnexpectedStatusException.class));
  }

  @ParameterizedTest(name = "HTTP {0} -> {2}")
  @MethodSource("statuses")
  void errorStatusMapsToItsSubtypeWithTheParsedBody(
      int httpStatus, int grpcCode, Class<? extends ApiException> type) {
    String body = "{\"code\": " + grpcCode + ", \"message\": \"it failed\", \"details\": []}";
    try (var stub =
            StubServer.start().always(Reply.json(httpStatus, body).withHeader("X-Trace", "t-1"));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().getInvoice("inv-1").execute())
          .isExactlyInstanceOf(type)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(httpStatus);
                assertThat(e.code()).isEqualTo(grpcCode);
                assertThat(e.serverMessage()).isEqualTo("it failed");
                assertThat(e.details()).isEmpty();
                assertThat(e.rawBody()).isEqualTo(body);
                assertThat(e.headers().firstValue("x-trace")).contains("t-1");
                assertThat(e.uri().getRawPath()).isEqualTo("/api/v1/invoices/inv-1");
              })
          .hasMessageContaining("HTTP " + httpStatus)
          .hasMessageContaining("it failed");
    }
  }

  @Test
  void unauthenticatedBodyIsParsedIntoCodeMessageAndDetails() {
    String body =
        """
        {"code":16,"message":"token is invalid","details":[
          {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"BAD_TOKEN","metadata":{"k":"v"}}]}
        """;
    try (var stub = StubServer.start().always(Reply.json(401, body));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().listInvoices().execute())
          .isInstanceOfSatisfying(
              UnauthenticatedException.class,
              e -> {
                assertThat(e.code()).isEqualTo(16);
                assertThat(e.codeName()).isEqualTo("UNAUTHENTICATED");
                assertThat(e.grpcCode()).contains(GrpcCode.UNAUTHENTICATED);
                assertThat(e.serverMessage()).isEqualTo("token is invalid");
                assertThat(e.status().message()).isEqualTo("token is invalid");
                List<Map<String, Object>> details = e.details();
                assertThat(details).hasSize(1);
                assertThat(details.get(0))
                    .containsEntry("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                    .containsEntry("reason", "BAD_TOKEN")
                    .containsEntry("metadata", Map.of("k", "v"));
              })
          .hasMessage(
              "GET "
                  + stub.baseUrl()
                  + "/api/v1/invoices: HTTP 401, UNAUTHENTICATED (16): "
                  + "token is invalid");
    }
  }

  @Test
  void jsonErrorBodyWithoutAnIntegerCodeIsAnUnexpectedResponse() {
    try (var stub = StubServer.start().always(Reply.json(404, "{\"error\": \"not here\"}"));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().getInvoice("x").execute())
          .isInstanceOfSatisfying(
              UnexpectedResponseException.class, e -> assertThat(e.statusCode()).isEqualTo(404))
          .hasMessageContaining("expected a JSON error body")
          .hasMessageContaining("{\"error\": \"not here\"}");
    }
  }

  @Test
  void theHierarchyIsExhaustiveForASwitch() {
    try (var stub = StubServer.start().always(Reply.json(404, Fixtures.status(5, "gone")));
        var tally = clientFor(stub, sleeper).build()) {
      try {
        tally.billing().getInvoice("x").execute();
      } catch (TallyException e) {
        String kind =
            switch (e) {
              case NotFoundException nf -> "missing " + nf.serverMessage();
              case ApiException api -> "api " + api.statusCode();
              case TransportException t -> "transport";
              case UnexpectedResponseException u -> "unexpected";
            };
        assertThat(kind).isEqualTo("missing gone");
        return;
      }
      throw new AssertionError("no exception");
    }
  }

  @Test
  void grpcCodeNamesCoverTheStandardCodes() {
    assertThat(ApiException.codeName(0)).isEqualTo("OK");
    assertThat(ApiException.codeName(5)).isEqualTo("NOT_FOUND");
    assertThat(ApiException.codeName(16)).isEqualTo("UNAUTHENTICATED");
    assertThat(ApiException.codeName(17)).isEqualTo("CODE_17");
  }

  @Test
  void aCodeThisBuildDoesNotKnowHasNoGrpcCodeButKeepsItsNumber() {
    try (var stub =
            StubServer.start().always(Reply.json(500, "{\"code\": 42, \"message\": \"new\"}"));
        var tally = clientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.billing().getInvoice("inv-1").execute())
          .isInstanceOfSatisfying(
              ServerException.class,
              e -> {
                assertThat(e.code()).isEqualTo(42);
                assertThat(e.grpcCode()).isEmpty();
                assertThat(e.codeName()).isEqualTo("CODE_42");
              });
    }
  }
}
