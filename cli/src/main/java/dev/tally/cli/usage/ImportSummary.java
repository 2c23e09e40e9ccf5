package dev.tally.cli.usage;

import dev.tally.cli.format.Table;
import dev.tally.model.CallerText;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.model.operator.RejectedEvent;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * What an import has done so far: events read, what the server made of those sent, and the first
 * rejected lines to show. Only the first {@link #SHOWN} rejections are kept, so a file of millions
 * of bad lines still imports in bounded memory.
 */
public final class ImportSummary {

  public static final int SHOWN = 20;

  /** A line that was not counted, and why. */
  record RejectedLine(long lineNumber, String eventId, String reason) {}

  private long events;
  private long accepted;
  private long duplicates;
  private long rejected;
  private int batches;

  /** The last line of the last batch the server answered: every event up to it is settled. */
  private long settledThroughLine;

  /**
   * The rejected lines with the lowest line numbers, the highest at the head, so it is the one
   * dropped.
   */
  private final PriorityQueue<RejectedLine> shown =
      new PriorityQueue<>(Comparator.comparingLong(RejectedLine::lineNumber).reversed());

  void malformed(UsageLine.Malformed line) {
    events++;
    reject(new RejectedLine(line.lineNumber(), line.eventId(), line.reason()));
  }

  void queued() {
    events++;
  }

  void answered(UsageBatch batch, IngestUsageResponse result) {
    batches++;
    accepted += result.accepted();
    duplicates += result.duplicates();
    for (RejectedEvent r : result.rejected()) {
      reject(new RejectedLine(batch.lineOf(r.index()), r.eventId(), r.reason()));
    }
    settledThroughLine = batch.lastLine();
  }

  private void reject(RejectedLine line) {
    rejected++;
    // Malformed lines are seen as read, the server's rejections when their batch is answered: keep
    // the
    // first lines of the file either way.
    shown.add(line);
    if (shown.size() > SHOWN) {
      shown.poll();
    }
  }

  public long events() {
    return events;
  }

  public long accepted() {
    return accepted;
  }

  public long duplicates() {
    return duplicates;
  }

  public long rejected() {
    return rejected;
  }

  public int batches() {
    return batches;
  }

  /**
   * The summary for stdout: the counts on the first line, for scripts, then the rejected lines in
   * file order (the first {@link #SHOWN}).
   */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("read ")
        .append(events)
        .append(events == 1 ? " event: " : " events: ")
        .append(accepted)
        .append(" accepted, ")
        .append(duplicates)
        .append(duplicates == 1 ? " duplicate, " : " duplicates, ")
        .append(rejected)
        .append(" rejected\n");
    if (rejected == 0) {
      return out.toString();
    }
    out.append(rejected == 1 ? "1 event was" : rejected + " events were")
        .append(" rejected and not counted; fix ")
        .append(rejected == 1 ? "it" : "them")
        .append(" and import again (events already accepted count as duplicates):\n");
    Table table = new Table("LINE", "EVENT_ID", "REASON").alignRight(0);
    shown.stream()
        .sorted(Comparator.comparingLong(RejectedLine::lineNumber))
        .forEach(
            r ->
                table.row(
                    Long.toString(r.lineNumber()),
                    r.eventId() == null ? "-" : CallerText.quote(r.eventId()),
                    r.reason()));
    out.append(table.render().indent(2));
    if (rejected > shown.size()) {
      out.append("  ... and ").append(rejected - shown.size()).append(" more\n");
    }
    return out.toString();
  }

  /**
   * What the server had settled when an import stopped, so the person knows what a rerun will do.
   */
  public String settledNote() {
    if (batches == 0) {
      return "nothing was committed";
    }
    return "the server had taken every event up to line "
        + settledThroughLine
        + "; importing the file again "
        + "is safe: events already accepted count as duplicates";
  }
}
