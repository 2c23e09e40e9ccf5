package dev.tally.cli.format;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** How a Billing API command prints what it got. */
public enum OutputFormat {
  /** Aligned columns for people. */
  TABLE,
  /** The API's own JSON, for jq and programs. */
  JSON,
  /** One row per line item, for spreadsheets. */
  CSV;

  /** The names as typed on the command line and shown in help and completion: lower case. */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).iterator();
    }
  }
}
