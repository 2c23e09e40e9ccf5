package dev.tally.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.tally.cli.options.ServerOptions.LogFormat;
import dev.tally.cli.options.ServerOptions.LogLevel;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How the executable logs: the format ({@code text}, or {@code json}: one JSON object per line) and
 * the level of Tally's own loggers, applied to the shipped {@code logback.xml}. Libraries that
 * could log request headers (Jetty) stay at WARN whatever the level.
 */
final class LogSetup {

  static final String FORMAT_ENV = "TALLY_LOG_FORMAT";
  static final String LEVEL_ENV = "TALLY_LOG_LEVEL";

  private LogSetup() {}

  /**
   * Sets the properties {@code logback.xml} reads before anything logs: {@code TALLY_LOG_FORMAT}
   * and {@code TALLY_LOG_LEVEL} when they are valid, else text and {@code fallbackLevel}; the serve
   * commands validate them and {@link #apply} the flags later.
   */
  static void preset(String format, String level, LogLevel fallbackLevel) {
    System.setProperty("tally.log.format", parse(LogFormat.class, format, LogFormat.TEXT).name());
    System.setProperty("tally.log.level", parse(LogLevel.class, level, fallbackLevel).name());
  }

  /** Reconfigures logging with {@code format} and {@code level}, if they differ from now. */
  static void apply(LogFormat format, LogLevel level) {
    if (format.name().equals(System.getProperty("tally.log.format"))
        && level.name().equals(System.getProperty("tally.log.level"))) {
      return;
    }
    System.setProperty("tally.log.format", format.name());
    System.setProperty("tally.log.level", level.name());
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(LogSetup.class.getResource("/logback.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging: " + e.getMessage(), e);
    }
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String text, E fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
