package dev.tally.cli.usage;

import dev.tally.cli.CliException;
import java.nio.file.Path;
import java.util.Locale;

/** The two shapes a usage file can have; each line (after a CSV header) is one event. */
public enum UsageFileFormat {
  /**
   * A header {@code event_id,organization_id,cluster_id,sku,quantity,timestamp}, then one event a
   * line.
   */
  CSV,
  /** Newline-delimited JSON: one event object a line, with the operator API's field names. */
  NDJSON;

  /**
   * The format {@code --format} names, else the one the file's name ends with (under any {@code
   * .gz}).
   */
  public static UsageFileFormat of(Path file, UsageFileFormat option) {
    if (option != null) {
      return option;
    }
    String name = baseName(file);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
      return NDJSON;
    }
    throw CliException.invalid(
        "cannot tell the format of "
            + file
            + " from its name (.csv, .ndjson or .jsonl, "
            + "optionally .gz): pass --format csv or --format ndjson");
  }

  static boolean isGzip(Path file) {
    return name(file).endsWith(".gz");
  }

  private static String baseName(Path file) {
    String name = name(file);
    return isGzip(file) ? name.substring(0, name.length() - ".gz".length()) : name;
  }

  private static String name(Path file) {
    Path fileName = file.getFileName();
    return fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
  }
}
