package dev.tally.cli.usage;

import dev.tally.model.operator.UsageEvent;
import java.util.List;

/**
 * Events sent in one request, in file order; the server answers about each by its index here, which
 * {@link #lineOf} turns back into a line of the file.
 *
 * @param number the batch's number in the import, from 1
 * @param lines the batch's events with their lines, at most {@code --batch-size}
 */
public record UsageBatch(int number, List<UsageLine.Event> lines) {

  public UsageBatch {
    lines = List.copyOf(lines);
  }

  int size() {
    return lines.size();
  }

  long lineOf(int index) {
    return lines.get(index).lineNumber();
  }

  long lastLine() {
    return lines.getLast().lineNumber();
  }

  /** The events as the SDK sends them, in file order. */
  List<UsageEvent> events() {
    return lines.stream().map(UsageLine.Event::event).toList();
  }
}
