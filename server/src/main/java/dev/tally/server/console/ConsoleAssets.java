package dev.tally.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files, read once from the classpath folder {@code console/}. Only the files named
 * here are served: a request for anything else is a 404, so no path can reach another resource.
 */
final class ConsoleAssets {

  /** One file: its bytes and its {@code Content-Type}. */
  record Asset(byte[] bytes, String contentType) {}

  /** File name to content type; {@code index.html} is the page at {@code /console/}. */
  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "console.css", "text/css; charset=utf-8",
          "format.js", "text/javascript; charset=utf-8",
          "chart.js", "text/javascript; charset=utf-8",
          "console.js", "text/javascript; charset=utf-8",
          "favicon.svg", "image/svg+xml");

  private final Map<String, Asset> assets;

  private ConsoleAssets(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /**
   * Reads every file of the console.
   *
   * @throws IllegalStateException when one is missing from the classpath (a broken build)
   */
  static ConsoleAssets load() {
    Map<String, Asset> loaded = new LinkedHashMap<>();
    FILES.forEach((name, type) -> loaded.put(name, new Asset(read(name), type)));
    return new ConsoleAssets(Map.copyOf(loaded));
  }

  /** The file of that exact name, if the console has one. */
  Optional<Asset> find(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  private static byte[] read(String name) {
    try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the console file " + name + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
