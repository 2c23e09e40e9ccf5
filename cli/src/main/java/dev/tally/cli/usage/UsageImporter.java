package dev.tally.cli.usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The import loop: reads the file line by line and sends its events in batches, one batch at a
 * time, so memory holds one batch whatever the file's size. Malformed lines are tallied as rejected
 * and never sent.
 */
public final class UsageImporter {

  /** A batch is also cut at this many characters of events, so long lines cannot make one huge. */
  static final long MAX_BATCH_CHARS = 4L * 1024 * 1024;

  private final UsageFileReader reader;
  private final BatchSender sender;
  private final ProgressBar progress;
  private final int batchSize;
  private final ImportSummary summary = new ImportSummary();

  public UsageImporter(
      UsageFileReader reader, BatchSender sender, ProgressBar progress, int batchSize) {
    this.reader = reader;
    this.sender = sender;
    this.progress = progress;
    this.batchSize = batchSize;
  }

  /** What has been done so far; after {@link #run} returns, everything. */
  public ImportSummary summary() {
    return summary;
  }

  public void run() throws IOException, InterruptedException {
    List<UsageLine.Event> pending = new ArrayList<>(batchSize);
    long pendingChars = 0;
    for (UsageLine line = reader.next(); line != null; line = reader.next()) {
      switch (line) {
        case UsageLine.Malformed malformed -> summary.malformed(malformed);
        case UsageLine.Event event -> {
          summary.queued();
          pending.add(event);
          pendingChars += event.length();
        }
      }
      if (pending.size() >= batchSize || pendingChars >= MAX_BATCH_CHARS) {
        send(pending);
        pending.clear();
        pendingChars = 0;
      }
      progress.update(summary, reader.lineNumber(), reader.bytesRead());
    }
    if (!pending.isEmpty()) {
      send(pending);
    }
    progress.finish(summary, reader.lineNumber(), reader.bytesRead());
  }

  private void send(List<UsageLine.Event> events) throws InterruptedException {
    UsageBatch batch = new UsageBatch(summary.batches() + 1, events);
    summary.answered(batch, sender.send(batch));
  }
}
