package dev.tally.cli.usage;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of CSV into its fields, as RFC 4180 writes them: fields separated by commas, a
 * field in double quotes may hold commas and quotes (doubled, {@code ""}). A quoted field may not
 * span lines here: usage events have no line breaks in them, and keeping one record per line means
 * a stray quote spoils one line, not the rest of the file, and line numbers in reports are the
 * editor's.
 */
final class CsvRecord {

  /** A line that is not a CSV record; the message says why, for the report. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  private CsvRecord() {}

  static List<String> parse(String line) throws MalformedException {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      field.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        int opened = i;
        i++;
        while (true) {
          if (i >= n) {
            throw new MalformedException(
                "the quoted field at column " + (opened + 1) + " has no closing quote");
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < n && line.charAt(i) != ',') {
          throw new MalformedException(
              "unexpected text after the quoted field at column "
                  + (opened + 1)
                  + " (a quote inside a field is written \"\")");
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          char c = line.charAt(i);
          if (c == '"') {
            throw new MalformedException(
                "a quote at column "
                    + (i + 1)
                    + " inside an unquoted field "
                    + "(quote the whole field and double the quote: \"\")");
          }
          field.append(c);
          i++;
        }
      }
      fields.add(field.toString());
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }
}
