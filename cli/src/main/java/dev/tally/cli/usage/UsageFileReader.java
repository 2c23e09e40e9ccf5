package dev.tally.cli.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.cli.CliException;
import dev.tally.model.Utf16;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a usage file one line at a time, so a file of any size is read in the memory of one line:
 * each call of {@link #next} turns the next non-blank line into an event or a malformed line. A
 * {@code .gz} file is decompressed on the fly. Here a line is checked for its shape (CSV columns,
 * JSON syntax) and turned into a typed event ({@link EventFields}); the server checks what the
 * fields name.
 */
public final class UsageFileReader implements Closeable {

  /** The CSV header, and the operator API's field names for NDJSON. */
  public static final List<String> COLUMNS =
      List.of("event_id", "organization_id", "cluster_id", "sku", "quantity", "timestamp");

  /** Far longer than any event; a longer line is reported, not held. */
  static final int MAX_LINE_CHARS = 16 * 1024;

  /** What the decoder puts for bytes that are not UTF-8; no field of an event may hold it. */
  private static final char REPLACEMENT = '\uFFFD';

  private final Path file;
  private final UsageFileFormat format;
  private final ObjectReader jsonLine;
  private final CountingInputStream counted;
  private final BoundedLineReader lines;
  private final long size;
  private long lineNumber;

  /** For CSV: where each of {@link #COLUMNS} is in a row, from the header. */
  private int[] columnAt;

  private UsageFileReader(
      Path file,
      UsageFileFormat format,
      ObjectMapper json,
      CountingInputStream counted,
      InputStream decoded,
      long size) {
    this.file = file;
    this.format = format;
    this.jsonLine =
        json.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.counted = counted;
    // Bytes that are not UTF-8 become U+FFFD and their line is reported: a decoding error would
    // surface
    // lines ahead of where it is (the reader decodes ahead) and would stop the whole import.
    this.lines =
        new BoundedLineReader(
            new InputStreamReader(decoded, StandardCharsets.UTF_8), MAX_LINE_CHARS);
    this.size = size;
  }

  /** Opens the file and, for CSV, reads and checks its header. */
  public static UsageFileReader open(Path file, UsageFileFormat format, ObjectMapper json)
      throws IOException {
    if (Files.isDirectory(file)) {
      throw CliException.invalid(file + " is a directory, not a usage file");
    }
    InputStream raw;
    long size;
    try {
      size = Files.size(file);
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw CliException.invalid("no such file: " + file);
    } catch (AccessDeniedException e) {
      throw CliException.invalid("cannot read " + file + ": permission denied");
    }
    CountingInputStream counted = new CountingInputStream(raw);
    InputStream decoded = new BufferedInputStream(counted, 64 * 1024);
    UsageFileReader reader;
    try {
      if (UsageFileFormat.isGzip(file)) {
        decoded = new GZIPInputStream(decoded, 64 * 1024);
      }
      reader = new UsageFileReader(file, format, json, counted, decoded, size);
    } catch (ZipException | java.io.EOFException e) {
      counted.close();
      throw CliException.invalid(file + " is not a gzip file, though its name ends in .gz");
    }
    if (format == UsageFileFormat.CSV) {
      try {
        reader.readHeader();
      } catch (RuntimeException | IOException e) {
        reader.close();
        throw e;
      }
    }
    return reader;
  }

  /** The next event or malformed line; null at the end of the file. Blank lines are skipped. */
  UsageLine next() throws IOException {
    while (true) {
      BoundedLineReader.Line line = readLine();
      if (line == null) {
        return null;
      }
      if (line.tooLong()) {
        return new UsageLine.Malformed(
            lineNumber, null, "the line is longer than " + MAX_LINE_CHARS + " characters");
      }
      if (line.text().indexOf(REPLACEMENT) >= 0) {
        return new UsageLine.Malformed(lineNumber, null, "the line is not UTF-8 text");
      }
      if (!line.text().isBlank()) {
        return format == UsageFileFormat.CSV ? csvEvent(line.text()) : jsonEvent(line.text());
      }
    }
  }

  /** The number of the last line read, from 1; the header and blank lines count. */
  long lineNumber() {
    return lineNumber;
  }

  /** Bytes of the file read so far (compressed bytes for a .gz file). */
  long bytesRead() {
    return counted.count();
  }

  /** The file's size in bytes (compressed, for a .gz file). */
  public long size() {
    return size;
  }

  private BoundedLineReader.Line readLine() throws IOException {
    BoundedLineReader.Line line;
    try {
      line = lines.next();
    } catch (ZipException | java.io.EOFException e) {
      throw CliException.invalid(
          file + " is not a complete gzip file (after line " + lineNumber + ")");
    }
    if (line == null) {
      return null;
    }
    lineNumber++;
    if (lineNumber == 1 && line.text().startsWith("\uFEFF")) {
      // A byte order mark, as some spreadsheet programs write; not part of the first field.
      return new BoundedLineReader.Line(line.text().substring(1), line.tooLong());
    }
    return line;
  }

  private void readHeader() throws IOException {
    BoundedLineReader.Line line;
    do {
      line = readLine();
    } while (line != null && line.text().isBlank());
    if (line == null) {
      columnAt = new int[0]; // an empty file: no events
      return;
    }
    String expected =
        "; the first line of a CSV usage file must be the header " + String.join(",", COLUMNS);
    List<String> names;
    try {
      names =
          CsvRecord.parse(line.text()).stream()
              .map(n -> n.strip().toLowerCase(Locale.ROOT))
              .toList();
    } catch (CsvRecord.MalformedException e) {
      throw CliException.invalid(
          file + " line " + lineNumber + " is not a CSV header: " + e.getMessage() + expected);
    }
    List<String> unknown = names.stream().filter(n -> !COLUMNS.contains(n)).toList();
    List<String> missing = COLUMNS.stream().filter(c -> !names.contains(c)).toList();
    if (!unknown.isEmpty() || !missing.isEmpty() || names.size() != COLUMNS.size()) {
      List<String> problems = new ArrayList<>();
      if (!missing.isEmpty()) {
        problems.add("it lacks " + String.join(", ", missing));
      }
      if (!unknown.isEmpty()) {
        problems.add(
            "unknown column "
                + String.join(", ", unknown.stream().map(n -> "'" + shorten(n) + "'").toList()));
      }
      if (problems.isEmpty()) {
        problems.add("a column is named twice");
      }
      throw CliException.invalid(
          file
              + " line "
              + lineNumber
              + " is not the CSV header: "
              + String.join("; ", problems)
              + expected);
    }
    columnAt = COLUMNS.stream().mapToInt(names::indexOf).toArray();
  }

  private UsageLine csvEvent(String text) {
    List<String> fields;
    try {
      fields = CsvRecord.parse(text);
    } catch (CsvRecord.MalformedException e) {
      return new UsageLine.Malformed(lineNumber, null, e.getMessage());
    }
    String eventId =
        columnAt[0] < fields.size() && !fields.get(columnAt[0]).isEmpty()
            ? fields.get(columnAt[0])
            : null;
    if (fields.size() != COLUMNS.size()) {
      return new UsageLine.Malformed(
          lineNumber, eventId, "expected " + COLUMNS.size() + " columns, found " + fields.size());
    }
    List<String> ordered = new ArrayList<>(COLUMNS.size());
    for (int i = 0; i < COLUMNS.size(); i++) {
      ordered.add(fields.get(columnAt[i]));
    }
    return EventFields.fromCsv(lineNumber, ordered, text.length());
  }

  private UsageLine jsonEvent(String text) {
    JsonNode node;
    try {
      node = jsonLine.readTree(text);
    } catch (JsonProcessingException e) {
      String reason =
          e.getOriginalMessage() == null
              ? ""
              : e.getOriginalMessage().lines().findFirst().orElse("");
      int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      return new UsageLine.Malformed(
          lineNumber,
          null,
          "not valid JSON" + (column > 0 ? " at column " + column : "") + ": " + shorten(reason));
    } catch (IOException e) {
      return new UsageLine.Malformed(lineNumber, null, "not valid JSON");
    } catch (NumberFormatException e) {
      return new UsageLine.Malformed(
          lineNumber,
          null,
          "not valid JSON: a number in it is out of range (its exponent is beyond what any quantity or amount may have)");
    }
    if (!(node instanceof ObjectNode event)) {
      return new UsageLine.Malformed(
          lineNumber,
          null,
          "expected a JSON object, found " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    String half = halfCharacter(event);
    if (half != null) {
      // The server refuses the whole batch for it, as a body that is not valid JSON.
      JsonNode id = event.get("event_id");
      return new UsageLine.Malformed(
          lineNumber,
          id != null && id.isTextual() && Utf16.loneSurrogateAt(id.textValue()) < 0
              ? id.textValue()
              : null,
          "a string holds \\u"
              + half
              + " without the other half of its surrogate pair, which is not a character");
    }
    return EventFields.fromJson(lineNumber, event, text.length());
  }

  /** The hex of the first lone surrogate in a field name or string of {@code node}, or null. */
  private static String halfCharacter(JsonNode node) {
    if (node.isTextual()) {
      int at = Utf16.loneSurrogateAt(node.textValue());
      return at < 0 ? null : String.format("%04x", (int) node.textValue().charAt(at));
    }
    for (var members = node.properties().iterator(); members.hasNext(); ) {
      var member = members.next();
      int at = Utf16.loneSurrogateAt(member.getKey());
      if (at >= 0) {
        return String.format("%04x", (int) member.getKey().charAt(at));
      }
      String inside = halfCharacter(member.getValue());
      if (inside != null) {
        return inside;
      }
    }
    for (JsonNode element : node.isArray() ? node : List.<JsonNode>of()) {
      String inside = halfCharacter(element);
      if (inside != null) {
        return inside;
      }
    }
    return null;
  }

  private static String shorten(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "…" : text;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
