package dev.tally.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.cli.options.OperatorApiOptions;
import dev.tally.cli.options.OperatorCredentials;
import dev.tally.cli.usage.BatchSender;
import dev.tally.cli.usage.ImportSummary;
import dev.tally.cli.usage.ProgressBar;
import dev.tally.cli.usage.Terminal;
import dev.tally.cli.usage.UsageFileFormat;
import dev.tally.cli.usage.UsageFileReader;
import dev.tally.cli.usage.UsageImporter;
import dev.tally.client.TallyClient;
import dev.tally.model.WireJson;
import dev.tally.model.operator.IngestUsageRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tally usage import}: a usage file into the server, over the operator API, with the SDK's
 * {@code operator().ingestUsage(...)}.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Send the usage events in a CSV or NDJSON file to the server, in batches.",
      "CSV: the header event_id,organization_id,cluster_id,sku,quantity,timestamp",
      "  then one event a line (RFC 4180 quoting; a field may not span lines).",
      "NDJSON: one JSON object a line, with the same fields.",
      "A .gz file is read compressed. Any size of file is read line by line.",
      "A line that is not an event (a missing field, a quantity that is not a",
      "decimal number, a timestamp that is not RFC 3339) is rejected here and",
      "reported with the server's rejections; it is never sent.",
      "Importing a file again is safe: the server counts each event_id once.",
      "Calls the operator API at --url with the operator key from",
      "$TALLY_OPERATOR_KEY or --operator-key-file."
    },
    footer = {
      "",
      "Prints on stdout: read N events: A accepted, D duplicates, R rejected,",
      "then the first " + ImportSummary.SHOWN + " rejected lines (line number, event_id, reason).",
      "Progress goes to stderr: a bar on a terminal, else a line every 10 s.",
      "",
      "Examples:",
      "  TALLY_OPERATOR_KEY=$(cat op.key) tally usage import november.csv",
      "  tally usage import --url https://billing.internal \\",
      "      --operator-key-file op.key events.ndjson.gz",
      "",
      "Exit codes: 0 every event accepted or a duplicate, 2 some events rejected",
      "(or invalid input), 4 no or rejected operator key, 5 server or network",
      "(after retries; says up to which line the server had taken the file)."
    })
final class UsageImportCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The usage file: .csv or .ndjson/.jsonl, optionally .gz.")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv or ndjson (default: from FILE's name).")
  UsageFileFormat format;

  @Mixin OperatorApiOptions api;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Events per request, 1 to "
              + IngestUsageRequest.MAX_EVENTS
              + " (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--max-retries",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Resend a batch up to N times (0 to "
              + TallyClient.MAX_RETRIES_LIMIT
              + "), "
              + "waiting longer each time, after a connection failure, a timeout or HTTP 408, 429, 502, "
              + "503, 504 (default: ${DEFAULT-VALUE}).")
  int maxRetries;

  @Option(
      names = "--no-progress",
      description = "No progress on stderr (retries are still reported).")
  boolean noProgress;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (batchSize < 1 || batchSize > IngestUsageRequest.MAX_EVENTS) {
      throw CliException.invalid(
          "--batch-size must be 1 to " + IngestUsageRequest.MAX_EVENTS + ", got " + batchSize);
    }
    if (maxRetries < 0 || maxRetries > TallyClient.MAX_RETRIES_LIMIT) {
      throw CliException.invalid(
          "--max-retries must be 0 to " + TallyClient.MAX_RETRIES_LIMIT + ", got " + maxRetries);
    }
    OperatorCredentials credentials = api.credentials();
    UsageFileFormat fileFormat = UsageFileFormat.of(file, format);
    ObjectMapper json = WireJson.mapper();
    try (UsageFileReader reader = UsageFileReader.open(file, fileFormat, json)) {
      ProgressBar progress =
          new ProgressBar(err(), progressMode(), reader.size(), System::nanoTime);
      try (TallyClient tally =
          TallyClient.builder()
              .baseUrl(credentials.url())
              .operatorKey(credentials.operatorKey())
              .userAgentPrefix("tally-cli")
              .build()) {
        BatchSender sender =
            new BatchSender(
                tally.operator(),
                credentials.url(),
                maxRetries,
                (batch, retry, max, delay, why) ->
                    progress.note(
                        String.format(
                            Locale.ROOT,
                            "usage import: batch %d: %s; retry %d of %d in %.1f s",
                            batch.number(),
                            why,
                            retry,
                            max,
                            delay.toMillis() / 1000.0)));
        UsageImporter importer = new UsageImporter(reader, sender, progress, batchSize);
        try {
          importer.run();
        } catch (CliException e) {
          progress.abort();
          throw new CliException(
              e.exitCode(), e.getMessage() + "; " + importer.summary().settledNote());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          progress.abort();
          throw CliException.serverOrNetwork("interrupted; " + importer.summary().settledNote());
        } catch (IOException e) {
          progress.abort();
          throw new IOException(
              "cannot read "
                  + file
                  + " ("
                  + e.getMessage()
                  + "); "
                  + importer.summary().settledNote(),
              e);
        }
        out().print(importer.summary().render());
        out().flush();
        return importer.summary().rejected() > 0 ? ExitCode.INVALID_INPUT : ExitCode.OK;
      }
    }
  }

  private ProgressBar.Mode progressMode() {
    if (noProgress) {
      return ProgressBar.Mode.NONE;
    }
    return Terminal.isInteractive(api.environment) ? ProgressBar.Mode.BAR : ProgressBar.Mode.PLAIN;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
