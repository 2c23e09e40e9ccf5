package dev.tally.engine;

import java.util.ArrayList;
import java.util.Collection;

/**
 * The problems a price book check finds: the first {@link #MAX_KEPT} kept word for word, the rest
 * only counted. A book of 90,000 empty entries would otherwise make 450,000 messages, and an answer
 * of 18 MB, from a body of 327 bytes gzipped.
 */
final class ProblemList extends ArrayList<String> {

  /** How many problems are kept, and so listed. */
  static final int MAX_KEPT = 50;

  private int dropped;

  @Override
  public boolean add(String problem) {
    if (size() >= MAX_KEPT) {
      dropped++;
      return true;
    }
    return super.add(problem);
  }

  @Override
  public boolean addAll(Collection<? extends String> problems) {
    problems.forEach(this::add);
    return !problems.isEmpty();
  }

  /** Counts problems found elsewhere and not kept there. */
  void countMore(int notKept) {
    dropped += notKept;
  }

  /** Every problem found, those not kept included. */
  int total() {
    return size() + dropped;
  }

  /**
   * How many problems {@code problems} has found: what a {@link ProblemList} counted, else its
   * size. Compare this, never {@code size()}, to tell whether a check found something new.
   */
  static int found(java.util.List<String> problems) {
    return problems instanceof ProblemList counted ? counted.total() : problems.size();
  }
}
