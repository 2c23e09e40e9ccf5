package dev.tally.cli;

import dev.tally.server.Failure;
import dev.tally.server.GrpcCode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the Billing API is and the key to call it with. The key comes from the environment or a
 * file, never from a command-line argument: arguments show in {@code ps} and in shell history.
 *
 * @param url the server's base URL
 * @param apiKey the bearer API key
 */
record ApiCredentials(URI url, String apiKey) {

  static final String API_KEY_ENV = "TALLY_API_KEY";
  static final String URL_ENV = "TALLY_URL";
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  /**
   * Resolves the credentials: an option, when given, wins over its environment variable.
   *
   * @param urlOption {@code --url}, or null
   * @param keyFile {@code --api-key-file}, or null
   * @param env the environment variables
   */
  static ApiCredentials resolve(String urlOption, Path keyFile, Map<String, String> env) {
    URI url = urlOption != null ? url("--url", urlOption)
        : present(env.get(URL_ENV)) ? url(URL_ENV, env.get(URL_ENV).strip())
        : URI.create(DEFAULT_URL);
    String key = keyFile != null ? readKeyFile(keyFile) : env.get(API_KEY_ENV);
    if (!present(key)) {
      throw authFailure("no API key: set " + API_KEY_ENV + " or pass --api-key-file FILE");
    }
    return new ApiCredentials(url, key.strip());
  }

  private static URI url(String source, String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw Failure.invalid(source + " must be an http or https URL such as " + DEFAULT_URL
        + " (no query or credentials), got '" + text + "'");
  }

  /** The first line of the file, trimmed, so a trailing newline from {@code echo} does no harm. */
  private static String readKeyFile(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw authFailure("--api-key-file " + file + ": no such file");
    } catch (IOException | RuntimeException e) {
      throw authFailure("--api-key-file " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
    String firstLine = content.lines().findFirst().orElse("").strip();
    if (firstLine.isEmpty()) {
      throw authFailure("--api-key-file " + file + " is empty: its first line must be the API key");
    }
    return firstLine;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static Failure authFailure(String message) {
    return new Failure(GrpcCode.UNAUTHENTICATED, message);
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "ApiCredentials[url=" + url + ", apiKey=<redacted>]";
  }
}
