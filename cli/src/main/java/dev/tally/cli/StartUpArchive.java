package dev.tally.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The mark a serving start leaves beside its class-data archive, so that the launchers keep only an
 * archive of a start that served. The JVM writes the archive when it exits, however the run went,
 * and keeps any archive it can use for good; one made by {@code tally serve --help} or by a start
 * that failed holds a tenth of the classes. The launchers ({@code bin/tally} and the installed
 * {@code tally}) name the mark in the system property {@value #PROPERTY} and remove an archive that
 * has none.
 */
final class StartUpArchive {

  static final String PROPERTY = "tally.cds.served";

  private StartUpArchive() {}

  /**
   * Leaves the mark, if the launcher named one; a mark that cannot be written only costs the next
   * start its archive, so that is logged at DEBUG and nothing more.
   */
  static void served() {
    String mark = System.getProperty(PROPERTY);
    if (mark == null || mark.isBlank()) {
      return;
    }
    try {
      Files.writeString(Path.of(mark), "");
    } catch (IOException | RuntimeException e) {
      LoggerFactory.getLogger(StartUpArchive.class)
          .debug("cannot mark the class-data archive as a serving start's: {}", e.toString());
    }
  }
}
