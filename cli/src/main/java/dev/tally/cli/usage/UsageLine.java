package dev.tally.cli.usage;

import dev.tally.model.operator.UsageEvent;

/** One line of a usage file that held something: an event to send, or a line that is not one. */
public sealed interface UsageLine {

  /** The line's number in the file, from 1, as an editor shows it. */
  long lineNumber();

  /**
   * An event as the operator API takes it, typed: the server still checks what its fields name
   * (known organization, cluster and SKU; sign and size of the quantity; time not in the future).
   *
   * @param event the event, as the SDK sends it
   * @param length the line's length in characters, to bound a batch's size
   */
  record Event(long lineNumber, UsageEvent event, int length) implements UsageLine {

    /** The event's id, for reports. */
    public String eventId() {
      return event.eventId();
    }
  }

  /**
   * A line that could not be read as an event; it is reported as rejected and never sent.
   *
   * @param eventId the line's event id when it has a readable one, else {@code null}
   * @param reason why, for the report
   */
  record Malformed(long lineNumber, String eventId, String reason) implements UsageLine {}
}
