package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompletionScriptTest {

  @Test
  void theCompletionScriptKnowsTheInvoiceCommandsAndTheirOptions() {
    CliRun run = CliRun.of("generate-completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("function _picocli_tally_invoices_list()")
        .contains("function _picocli_tally_invoices_get()")
        .contains("'--url' '--api-key-file' '-o' '--output' '--status' '--from' '--to'")
        .contains("(\"table\" \"json\" \"csv\") # --output values")
        .contains("(\"FINALIZED\" \"DRAFT\") # --status values");
  }
}
