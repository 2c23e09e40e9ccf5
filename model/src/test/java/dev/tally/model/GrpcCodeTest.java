package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one gRPC code table: numbers, HTTP statuses, and the way back from each. */
class GrpcCodeTest {

  @Test
  void everyCodeIsFoundByItsOwnNumber() {
    for (GrpcCode code : GrpcCode.values()) {
      assertThat(GrpcCode.forCode(code.number())).contains(code);
    }
    assertThat(GrpcCode.values()).hasSize(17);
  }

  @Test
  void numbersOutsideTheTableHaveNoCode() {
    assertThat(GrpcCode.forCode(-1)).isEmpty();
    assertThat(GrpcCode.forCode(17)).isEmpty();
  }

  // The pairs the README promises: 3/400, 16/401, 7/403, 5/404, 12/405, 8/429, 13/500, 14/503.
  @ParameterizedTest(name = "{0} is gRPC {1}, HTTP {2}")
  @CsvSource({
    "INVALID_ARGUMENT, 3, 400",
    "UNAUTHENTICATED, 16, 401",
    "PERMISSION_DENIED, 7, 403",
    "NOT_FOUND, 5, 404",
    "ALREADY_EXISTS, 6, 409",
    "RESOURCE_EXHAUSTED, 8, 429",
    "FAILED_PRECONDITION, 9, 400",
    "UNIMPLEMENTED, 12, 501",
    "INTERNAL, 13, 500",
    "UNAVAILABLE, 14, 503",
  })
  void theApisCodesCarryGrpcGatewaysHttpStatus(GrpcCode code, int number, int httpStatus) {
    assertThat(code.number()).isEqualTo(number);
    assertThat(code.httpStatus()).isEqualTo(httpStatus);
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "400, INVALID_ARGUMENT",
    "401, UNAUTHENTICATED",
    "403, PERMISSION_DENIED",
    "404, NOT_FOUND",
    "405, UNIMPLEMENTED",
    "408, DEADLINE_EXCEEDED",
    "409, ALREADY_EXISTS",
    "413, INVALID_ARGUMENT",
    "429, RESOURCE_EXHAUSTED",
    "431, INVALID_ARGUMENT",
    "500, INTERNAL",
    "501, UNIMPLEMENTED",
    "502, INTERNAL",
    "503, UNAVAILABLE",
    "505, UNIMPLEMENTED",
  })
  void anErrorStatusWithoutACodeGetsTheOneTheReferenceApiAnswers(int status, GrpcCode expected) {
    assertThat(GrpcCode.forHttpStatus(status)).isEqualTo(expected);
  }

  @Test
  void theCodeChosenForAStatusMapsBackToThatStatusWhereTheTableAllows() {
    for (int status : new int[] {400, 401, 403, 404, 409, 429, 500, 501, 503}) {
      assertThat(GrpcCode.forHttpStatus(status).httpStatus()).isEqualTo(status);
    }
  }
}
