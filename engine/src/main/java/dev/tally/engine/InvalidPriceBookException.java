package dev.tally.engine;

import java.util.List;

/**
 * A price book, or a price book file, that breaks the rules. Carries every problem found, each
 * naming the entry at fault, so one run of a loader shows everything to fix.
 */
public final class InvalidPriceBookException extends IllegalArgumentException {

  private final List<String> problems;
  private final int total;

  /**
   * @param problems what was found; a {@link ProblemList} also counts those it did not keep
   */
  public InvalidPriceBookException(List<String> problems) {
    super(describe(problems, total(problems)));
    this.problems = List.copyOf(problems);
    this.total = total(problems);
  }

  private static int total(List<String> problems) {
    return ProblemList.found(problems);
  }

  /**
   * One message per problem, e.g. {@code skus[2] (sku "basic.storage"): unit_price must not be
   * negative, was -1}: at most the first {@value ProblemList#MAX_KEPT}, see {@link #total}.
   */
  public List<String> problems() {
    return problems;
  }

  /** How many problems were found, those {@link #problems} leaves out included. */
  public int total() {
    return total;
  }

  /** {@code "; and 12 more"} when {@link #problems} leaves some out, else empty. */
  public String more() {
    return total > problems.size() ? "; and " + (total - problems.size()) + " more" : "";
  }

  private static String describe(List<String> problems, int total) {
    if (total == 1) {
      return "invalid price book: " + problems.get(0);
    }
    return "invalid price book, "
        + total
        + " problems"
        + (total > problems.size() ? " (the first " + problems.size() + ")" : "")
        + ":\n  - "
        + String.join("\n  - ", problems);
  }
}
