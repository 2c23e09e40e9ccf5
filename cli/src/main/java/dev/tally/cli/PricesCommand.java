package dev.tally.cli;

import dev.tally.cli.format.Counted;
import dev.tally.cli.format.DecimalText;
import dev.tally.cli.format.Table;
import dev.tally.engine.InvalidPriceBookException;
import dev.tally.engine.Price;
import dev.tally.engine.PriceBook;
import dev.tally.engine.PriceBookFile;
import dev.tally.engine.PriceOverride;
import dev.tally.server.Tally;
import dev.tally.server.prices.PriceBookRevision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "prices",
    mixinStandardHelpOptions = true,
    description = "Load and show the price book: list prices and contract prices.",
    subcommands = {PricesCommand.Load.class, PricesCommand.Show.class})
final class PricesCommand {

  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description = {
        "Load a price book file; it is in force from then on, as the next revision.",
        "Loading the book already in force changes nothing. The format is the one "
            + "'tally prices show -o json' prints."
      })
  static final class Load extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The price book JSON file.")
    Path file;

    @Override
    public Integer call() throws IOException {
      String text = TextFile.readUtf8(file);
      PriceBook book;
      try {
        // Checked here first, so every problem in the file is listed, one a line, naming its entry.
        book = PriceBookFile.parse(text);
      } catch (InvalidPriceBookException e) {
        List<String> problems = e.problems();
        if (e.total() == 1) {
          throw CliException.invalid(file + " is not a valid price book: " + problems.getFirst());
        }
        err()
            .println(
                "error: "
                    + file
                    + " is not a valid price book ("
                    + Counted.of(e.total(), "problem")
                    + "):");
        problems.forEach(p -> err().println("  " + p));
        if (e.total() > problems.size()) {
          err().println("  and " + (e.total() - problems.size()) + " more");
        }
        err().flush();
        return ExitCode.INVALID_INPUT;
      }
      try (Tally tally = database.open()) {
        tally.priceBooks().loadDefaultIfEmpty();
        int before = tally.priceBooks().current().revision();
        PriceBookRevision loaded = tally.priceBooks().load(text);
        out()
            .println(
                loaded.revision() == before
                    ? "price book revision "
                        + loaded.revision()
                        + " is in force (unchanged: "
                        + file
                        + " holds the same book)"
                    : "price book revision "
                        + loaded.revision()
                        + " is in force ("
                        + Counted.of(book.prices().size(), "price")
                        + ", "
                        + Counted.of(book.overrides().size(), "override")
                        + ")");
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Show the price book in force: every list price version and every override.",
        "-o json prints it as a price book file, to edit and load again."
      })
  static final class Show extends OperatorCommand {

    enum Format {
      TABLE,
      JSON
    }

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        defaultValue = "table",
        description = "table (default) or json (the price book file format).")
    Format output;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        tally.priceBooks().loadDefaultIfEmpty();
        PriceBookRevision current = tally.priceBooks().current();
        out().print(output == Format.JSON ? PriceBookFile.toJson(current.book()) : table(current));
        out().flush();
        return ExitCode.OK;
      }
    }

    private static String table(PriceBookRevision current) {
      StringBuilder out =
          new StringBuilder(
              "price book revision " + current.revision() + " (unit prices in USD)\n\n");
      Table prices =
          new Table("SKU", "DESCRIPTION", "UNIT", "UNIT_PRICE", "EFFECTIVE_FROM").alignRight(3);
      for (Price p : current.book().prices()) {
        prices.row(
            p.sku(),
            p.description(),
            p.quantityUnit().name(),
            DecimalText.money(p.unitPrice()),
            p.effectiveFrom().toString());
      }
      out.append(prices.render());
      List<PriceOverride> overrides = current.book().overrides();
      if (overrides.isEmpty()) {
        return out.append("\nno overrides\n").toString();
      }
      Table contract =
          new Table("ORGANIZATION", "SKU", "UNIT_PRICE", "EFFECTIVE_FROM").alignRight(2);
      for (PriceOverride o : overrides) {
        contract.row(
            o.organizationId(),
            o.sku(),
            DecimalText.money(o.unitPrice()),
            o.effectiveFrom().toString());
      }
      return out.append("\noverrides:\n").append(contract.render()).toString();
    }
  }
}
