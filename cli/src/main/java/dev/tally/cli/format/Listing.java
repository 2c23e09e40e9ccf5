package dev.tally.cli.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How a {@code list} command prints its items in each {@link OutputFormat}, so every listing reads
 * the same: a table with upper-case headings, CSV with the same columns in lower case and one row
 * per item, JSON as {@code {"<name>": [...]}} written with the wire model's mapper.
 *
 * @param <T> the listed item
 */
public final class Listing<T> {

  /**
   * One column: its name, its text in the table, and its text in CSV (a plain value there, such as
   * {@code 1234.50} rather than {@code 1,234.50}).
   */
  private record Column<T>(
      String name, Function<T, String> table, Function<T, String> csv, boolean number) {}

  private final String jsonName;
  private final Function<T, ?> json;
  private final List<Column<T>> columns = new ArrayList<>();
  private String noneMessage;

  /**
   * @param jsonName the field that holds the array in JSON: {@code organizations}
   * @param json what one item is in JSON: a record or the model object itself
   */
  public Listing(String jsonName, Function<T, ?> json) {
    this.jsonName = jsonName;
    this.json = json;
  }

  /**
   * A column of text that people wrote or that names things; in CSV, kept from running as a
   * formula.
   */
  public Listing<T> text(String name, Function<T, String> value) {
    columns.add(new Column<>(name, value, value.andThen(Csv::text), false));
    return this;
  }

  /** A right-aligned number: {@code table} for people, {@code csv} as a plain decimal. */
  public Listing<T> number(String name, Function<T, String> table, Function<T, String> csv) {
    columns.add(new Column<>(name, table, csv, true));
    return this;
  }

  /** What the table says instead of a lone heading when there is nothing to list. */
  public Listing<T> whenNone(String message) {
    this.noneMessage = message;
    return this;
  }

  public String render(OutputFormat format, List<T> items) {
    return switch (format) {
      case TABLE -> table(items);
      case CSV -> csv(items);
      case JSON -> json(items);
    };
  }

  private String table(List<T> items) {
    if (items.isEmpty() && noneMessage != null) {
      return noneMessage + "\n";
    }
    Table table =
        new Table(
            columns.stream().map(c -> c.name().toUpperCase(Locale.ROOT)).toArray(String[]::new));
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).number()) {
        table.alignRight(i);
      }
    }
    items.forEach(
        item -> table.row(columns.stream().map(c -> c.table().apply(item)).toArray(String[]::new)));
    return table.render();
  }

  private String csv(List<T> items) {
    StringBuilder out = new StringBuilder();
    Csv.row(out, columns.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    items.forEach(item -> Csv.row(out, columns.stream().map(c -> c.csv().apply(item)).toList()));
    return out.toString();
  }

  private String json(List<T> items) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put(jsonName, items.stream().map(json).toList());
    return JsonFormat.of(document);
  }
}
