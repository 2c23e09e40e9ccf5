package dev.tally.engine;

import java.util.List;

/**
 * A price book, or a price book file, that breaks the rules. Carries every problem found, each
 * naming the entry at fault, so one run of a loader shows everything to fix.
 */
public final class InvalidPriceBookException extends IllegalArgumentException {

  private final List<String> problems;

  public InvalidPriceBookException(List<String> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * One message per problem, e.g. {@code skus[2] (sku "basic.storage"): unit_price must not be
   * negative, was -1}.
   */
  public List<String> problems() {
    return problems;
  }

  private static String describe(List<String> problems) {
    if (problems.size() == 1) {
      return "invalid price book: " + problems.get(0);
    }
    return "invalid price book, "
        + problems.size()
        + " problems:\n  - "
        + String.join("\n  - ", problems);
  }
}
