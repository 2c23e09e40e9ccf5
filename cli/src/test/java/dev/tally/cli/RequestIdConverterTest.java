package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestIdConverterTest {

  @Test
  void aRequestsLineCarriesItsIdInBrackets() throws IOException {
    assertThat(textLine(Map.of(RequestIdConverter.MDC_KEY, "req_7f3a")))
        .isEqualTo("INFO  ApiServer [req_7f3a] - GET /api/v1/invoices 200 1ms\n");
  }

  @Test
  void aLineOutsideARequestHasNoBrackets() throws IOException {
    assertThat(textLine(Map.of())).isEqualTo("INFO  ApiServer - GET /api/v1/invoices 200 1ms\n");
    assertThat(textLine(Map.of(RequestIdConverter.MDC_KEY, "")))
        .isEqualTo("INFO  ApiServer - GET /api/v1/invoices 200 1ms\n");
  }

  /** The shipped text pattern, without its time stamp, applied to one event. */
  private static String textLine(Map<String, String> mdc) throws IOException {
    LoggerContext context = new LoggerContext();
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.getInstanceConverterMap().put("requestId", RequestIdConverter::new);
    layout.setPattern(shippedPattern().replaceFirst("^%d\\{[^}]*\\} ", ""));
    layout.start();
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName("dev.tally.server.http.ApiServer");
    event.setLevel(Level.INFO);
    event.setMessage("GET /api/v1/invoices 200 1ms");
    event.setMDCPropertyMap(mdc);
    event.setTimeStamp(0);
    return layout.doLayout(event);
  }

  private static String shippedPattern() throws IOException {
    try (InputStream in = RequestIdConverterTest.class.getResourceAsStream("/tally-log-TEXT.xml")) {
      String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(xml)
          .contains(
              "conversionWord=\"requestId\" class=\"" + RequestIdConverter.class.getName() + "\"");
      Matcher pattern = Pattern.compile("<pattern>(.*)</pattern>").matcher(xml);
      assertThat(pattern.find()).isTrue();
      return pattern.group(1);
    }
  }
}
