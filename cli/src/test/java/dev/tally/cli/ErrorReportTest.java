package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.GrpcCode;
import dev.tally.server.errors.Failure;
import org.junit.jupiter.api.Test;

/** Every failure a command meets becomes one message and the exit code of its class. */
class ErrorReportTest {

  @Test
  void theClisOwnFailureKeepsItsMessageAndExitCode() {
    CliException e = CliException.auth("no API key");
    assertThat(ErrorReport.message(e)).isEqualTo("no API key");
    assertThat(ErrorReport.exitCode(e)).isEqualTo(ExitCode.AUTH);
    assertThat(ErrorReport.exitCode(CliException.invalid("x"))).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ErrorReport.exitCode(CliException.serverOrNetwork("x")))
        .isEqualTo(ExitCode.SERVER_OR_NETWORK);
  }

  @Test
  void aServerComponentsFailureIsTranslatedByItsCode() {
    assertThat(ErrorReport.exitCode(Failure.invalid("x"))).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(ErrorReport.exitCode(Failure.notFound("x"))).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(ErrorReport.exitCode(Failure.unauthenticated("x"))).isEqualTo(ExitCode.AUTH);
    assertThat(ErrorReport.exitCode(Failure.permissionDenied("x"))).isEqualTo(ExitCode.AUTH);
    assertThat(ErrorReport.exitCode(Failure.alreadyExists("x"))).isEqualTo(ExitCode.CONFLICT);
    assertThat(ErrorReport.exitCode(Failure.failedPrecondition("x"))).isEqualTo(ExitCode.CONFLICT);
    assertThat(ErrorReport.exitCode(new Failure(GrpcCode.UNAVAILABLE, "x")))
        .isEqualTo(ExitCode.SERVER_OR_NETWORK);
    assertThat(ErrorReport.message(Failure.notFound("organization acme does not exist")))
        .isEqualTo("organization acme does not exist");
  }

  @Test
  void anythingElseIsAGeneralFailureNamedByItsMessageOrType() {
    assertThat(ErrorReport.exitCode(new IllegalStateException("broken")))
        .isEqualTo(ExitCode.FAILURE);
    assertThat(ErrorReport.message(new IllegalStateException("broken"))).isEqualTo("broken");
    assertThat(ErrorReport.message(new IllegalStateException())).isEqualTo("IllegalStateException");
  }
}
