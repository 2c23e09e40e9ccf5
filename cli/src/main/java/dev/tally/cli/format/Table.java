package dev.tally.cli.format;

import dev.tally.model.CallerText;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table with left-aligned columns, for terminal output. Columns are measured in
 * terminal columns ({@link DisplayWidth}), so names in CJK scripts or with combining marks keep
 * them aligned. A cell's characters that could break its line or reorder it (a line feed in a usage
 * file's event id, a bidirectional control in a name) are shown as {@code ?} ({@link
 * CallerText#lineSafe}), so every row stays one line that reads as it is.
 */
public final class Table {

  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  public Table(String... header) {
    rows.add(lineSafe(header));
    rightAligned = new boolean[header.length];
  }

  /** Aligns a column to the right, as numbers read best. */
  public Table alignRight(int column) {
    rightAligned[column] = true;
    return this;
  }

  public Table row(String... cells) {
    if (cells.length != rows.get(0).length) {
      throw new IllegalArgumentException(
          "expected " + rows.get(0).length + " cells, got " + cells.length);
    }
    rows.add(lineSafe(cells));
    return this;
  }

  private static String[] lineSafe(String[] cells) {
    String[] safe = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      safe[i] = CallerText.lineSafe(cells[i]);
    }
    return safe;
  }

  public String render() {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], DisplayWidth.of(row[i]));
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String pad = " ".repeat(widths[i] - DisplayWidth.of(row[i]));
        line.append(rightAligned[i] ? pad + row[i] : row[i] + pad);
        if (i < row.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
