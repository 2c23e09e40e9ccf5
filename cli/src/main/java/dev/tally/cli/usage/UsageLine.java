package dev.tally.cli.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One line of a usage file that held something: an event to send, or a line that is not one. */
public sealed interface UsageLine {

  /** The line's number in the file, from 1, as an editor shows it. */
  long lineNumber();

  /**
   * An event as the operator API takes it; the server checks its fields.
   *
   * @param eventId the event's id, when the line has one, for reports
   * @param length the line's length in characters, to bound a batch's size
   */
  record Event(long lineNumber, String eventId, ObjectNode json, int length) implements UsageLine {}

  /** A line that could not be read as an event; it is reported and never sent. */
  record Malformed(long lineNumber, String eventId, String reason) implements UsageLine {}
}
