package dev.tally.cli;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %requestId} in the text log's pattern: {@code " [req_...]"} for a line logged while a
 * request was served, nothing for any other line. The id is the server's log-context entry {@code
 * request_id} (server's {@code RequestIds}).
 *
 * <p>It replaces {@code %replace( [%X{request_id}]){' \[\]', ''}}, which ran a regular expression
 * over every line: a tenth of a hot read's logging.
 */
public final class RequestIdConverter extends ClassicConverter {

  static final String MDC_KEY = "request_id";

  @Override
  public String convert(ILoggingEvent event) {
    String id = event.getMDCPropertyMap().get(MDC_KEY);
    return id == null || id.isEmpty() ? "" : " [" + id + "]";
  }
}
