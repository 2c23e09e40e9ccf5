package dev.tally.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This SDK's version, as Maven filtered it into {@code tally-client.properties}. */
final class SdkVersion {

  static final String VERSION = load();

  private SdkVersion() {}

  private static String load() {
    try (InputStream in = SdkVersion.class.getResourceAsStream("tally-client.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").trim();
      return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
