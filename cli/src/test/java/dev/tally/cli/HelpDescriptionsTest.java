package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command group's help lists each subcommand with the first line of its description: that line
 * must be a whole sentence, or the list cuts it mid-sentence.
 */
class HelpDescriptionsTest {

  @Test
  void everySubcommandIsListedWithItsWholeFirstSentence() {
    List<String> checked = new ArrayList<>();
    check(Main.everyCommand(CommandLine.defaultFactory()), checked);
    assertThat(checked)
        .contains(
            "tally demo",
            "tally credits grant",
            "tally invoices close",
            "tally prices load",
            "tally prices show",
            "tally adjustments add",
            "tally orgs list");
  }

  /**
   * Examples and exit codes are written line by line to be copied; help wraps at 80 columns, and
   * wraps a longer line at a space or a dot (an example once broke inside {@code
   * standard.compute}).
   */
  @Test
  void everyFooterLineIsPrintedWholeSoExamplesCopyAsWritten() {
    List<String> checked = new ArrayList<>();
    footers(Main.everyCommand(CommandLine.defaultFactory()), checked);
    assertThat(checked).contains("tally invoices explain", "tally invoices verify");
  }

  /**
   * A command line that names a command is given only that command (start-up time); what it prints
   * must be what the whole tree prints, help and errors alike.
   */
  @Test
  void aCommandLineNamingOneCommandAnswersAsTheWholeTreeWould() {
    CommandLine whole = Main.everyCommand(CommandLine.defaultFactory());
    for (var entry : whole.getSubcommands().entrySet()) {
      if (entry.getKey().equals("generate-completion")) {
        continue; // always given the whole tree
      }
      StringWriter usage = new StringWriter();
      entry.getValue().usage(new PrintWriter(usage), CommandLine.Help.Ansi.OFF);
      assertThat(CliRun.of(entry.getKey(), "--help").out())
          .as("tally " + entry.getKey() + " --help")
          .isEqualTo(usage.toString());
    }
    assertThat(CliRun.of("serve", "--no-such-option").err())
        .isEqualTo("error: Unknown option: '--no-such-option' (see 'tally serve --help')\n");
  }

  private static void footers(CommandLine command, List<String> checked) {
    String qualified = command.getCommandSpec().qualifiedName();
    String[] args = (qualified.replaceFirst("^tally ?", "") + " --help").strip().split(" ");
    List<String> help = CliRun.of(args).out().lines().map(String::stripTrailing).toList();
    for (String line : command.getCommandSpec().usageMessage().footer()) {
      if (!line.isBlank()) {
        assertThat(help).as(qualified + " --help prints its footer line whole").contains(line);
      }
    }
    if (command.getCommandSpec().usageMessage().footer().length > 0) {
      checked.add(qualified);
    }
    command.getSubcommands().values().forEach(sub -> footers(sub, checked));
  }

  private static void check(CommandLine parent, List<String> checked) {
    String qualified = parent.getCommandSpec().qualifiedName();
    String[] args = (qualified.replaceFirst("^tally ?", "") + " --help").strip().split(" ");
    String help = oneLine(CliRun.of(args).out());
    for (CommandLine sub : parent.getSubcommands().values()) {
      if (sub.getCommandSpec().usageMessage().hidden()
          && !sub.getCommandSpec().name().equals("generate-completion")) {
        continue;
      }
      String name = sub.getCommandSpec().qualifiedName();
      String[] description = sub.getCommandSpec().usageMessage().description();
      String summary = oneLine(description[0]);
      String whole = oneLine(String.join(" ", description));
      assertThat(summary).as(name + "'s first description line").endsWith(".");
      assertThat(whole).as(name + "'s description begins with its summary").startsWith(summary);
      assertThat(help)
          .as("the help of " + qualified + " lists " + name + " whole")
          .contains(summary);
      checked.add(name);
      check(sub, checked);
    }
  }

  /** Help wraps lines and indents them; compare the words. */
  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
