package dev.tally.cli.format;

import java.util.List;

/**
 * CSV as RFC 4180 writes it, for spreadsheets: CRLF line ends, a field quoted when it holds a
 * comma, a quote or a line break. Text that people typed goes through {@link #text} first, so no
 * cell runs as a formula when the file is opened.
 */
public final class Csv {

  private static final String CRLF = "\r\n";

  private Csv() {}

  /** Appends one record, its fields written as {@link #field} writes them. */
  public static void row(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    out.append(CRLF);
  }

  /**
   * A text cell that a spreadsheet must not run as a formula: names come from people, and a cell
   * starting with = + - @ would be evaluated on opening, so such text gets a leading apostrophe.
   */
  public static String text(String value) {
    return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
  }

  static String field(String value) {
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
