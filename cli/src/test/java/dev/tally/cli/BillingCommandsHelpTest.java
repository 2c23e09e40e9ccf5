package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The usage and billing operator commands explain themselves with --help, and are listed by their
 * groups.
 */
class BillingCommandsHelpTest {

  @Test
  void everyUsageAndBillingCommandExplainsItselfWithHelp() {
    for (String[] command :
        new String[][] {
          {"usage"},
          {"usage", "import"},
          {"prices"},
          {"prices", "load"},
          {"prices", "show"},
          {"credits"},
          {"credits", "grant"},
          {"credits", "list"},
          {"adjustments"},
          {"adjustments", "add"},
          {"invoices", "close"},
          {"operator-keys"},
          {"operator-keys", "create"},
          {"operator-keys", "revoke"}
        }) {
      String[] args = Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      CliRun help = CliRun.of(args);
      String name = String.join(" ", command);
      assertThat(help.exitCode()).as(name).isZero();
      assertThat(help.out()).as(name).startsWith("Usage: tally " + name);
    }
    assertThat(CliRun.of("--help").out())
        .contains("usage")
        .contains("prices")
        .contains("credits")
        .contains("adjustments")
        .contains("operator-keys");
    assertThat(CliRun.of("invoices", "--help").out()).contains("close");
  }

  @Test
  void usageImportHelpNamesTheFormatsCredentialsAndExitCodes() {
    String help = CliRun.of("usage", "import", "--help").out();
    assertThat(help)
        .contains("event_id,organization_id,cluster_id,sku,quantity,timestamp")
        .contains("--operator-key-file=FILE")
        .contains("$TALLY_OPERATOR_KEY")
        .contains("--batch-size=N")
        .contains("--max-retries=N")
        .contains("--no-progress")
        .contains("Exit codes: 0");
  }
}
