package dev.tally.server.store;

import java.nio.charset.StandardCharsets;

/**
 * Rows in the text format of PostgreSQL's {@code COPY ... FROM STDIN}, for {@link
 * Transaction#copyIn}: fields separated by a tab, rows ended by a line feed, and in each field the
 * characters that format gives a meaning (backslash, tab, line feed, carriage return) escaped with
 * a backslash, so that any text arrives as it was. {@code null} fields are not written: every
 * caller's columns are {@code NOT NULL} or given a value.
 *
 * <p>Source: PostgreSQL's documentation of {@code COPY}, "Text Format".
 */
public final class CopyText {

  private final StringBuilder text;
  private boolean rowStarted;

  /**
   * @param expectedChars a guess at the rows' total length, to size the buffer once
   */
  public CopyText(int expectedChars) {
    this.text = new StringBuilder(expectedChars);
  }

  /** Appends one field to the current row. */
  public CopyText field(String value) {
    if (rowStarted) {
      text.append('\t');
    }
    rowStarted = true;
    if (needsNoEscape(value)) {
      // The usual case (ids, dates, fingerprints): one copy of the whole string.
      text.append(value);
      return this;
    }
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(c);
      }
    }
    return this;
  }

  private static boolean needsNoEscape(String value) {
    // Four searches the JDK vectorizes cost less than one loop over the characters.
    return value.indexOf('\\') < 0
        && value.indexOf('\t') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0;
  }

  /** Ends the current row. */
  public CopyText endRow() {
    text.append('\n');
    rowStarted = false;
    return this;
  }

  /** The rows so far, UTF-8, as {@code COPY} reads them with the connection's UTF-8 encoding. */
  public byte[] bytes() {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
