package dev.tally.cli.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Events sent in one request, in file order; the server answers about each by its index here, which
 * {@link #lineOf} turns back into a line of the file.
 *
 * @param number the batch's number in the import, from 1
 */
public record UsageBatch(int number, List<UsageLine.Event> events) {

  public UsageBatch {
    events = List.copyOf(events);
  }

  int size() {
    return events.size();
  }

  long lineOf(int index) {
    return events.get(index).lineNumber();
  }

  long lastLine() {
    return events.getLast().lineNumber();
  }

  /** The request body, {@code {"events": [...]}}. */
  byte[] body(ObjectMapper json) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + events.stream().mapToInt(e -> e.length() + 16).sum());
    try (JsonGenerator out = json.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeArrayFieldStart("events");
      for (UsageLine.Event event : events) {
        out.writeTree(event.json());
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a batch to memory", e);
    }
    return bytes.toByteArray();
  }
}
