package dev.tally.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table with left-aligned columns, for terminal output. Columns are measured in
 * terminal columns ({@link DisplayWidth}), so names in CJK scripts or with combining marks keep
 * them aligned.
 */
public final class Table {

  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  public Table(String... header) {
    rows.add(header);
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
    rows.add(cells);
    return this;
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
