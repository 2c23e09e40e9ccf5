package dev.tally.cli.options;

import dev.tally.cli.CliException;
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
 * Where commands that call a Tally server find it and their key: an option wins over its
 * environment variable, and a key comes from the environment or the first line of a file, never
 * from an argument.
 */
final class CredentialSources {

  static final String URL_ENV = "TALLY_URL";
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  private CredentialSources() {}

  /**
   * {@code --url}, else {@code $TALLY_URL}, else the default; an http(s) URL without query or
   * credentials.
   */
  static URI serverUrl(String urlOption, Map<String, String> env) {
    String fromEnv = env.get(URL_ENV);
    return urlOption != null
        ? url("--url", urlOption)
        : present(fromEnv) ? url(URL_ENV, fromEnv.strip()) : URI.create(DEFAULT_URL);
  }

  /**
   * The key from {@code keyFile} (named by {@code option}) when given, else from {@code
   * env[envName]}; may be null.
   */
  static String key(
      Path keyFile, String option, String what, Map<String, String> env, String envName) {
    String key = keyFile != null ? readKeyFile(keyFile, option, what) : env.get(envName);
    return present(key) ? key.strip() : null;
  }

  static CliException authFailure(String message) {
    return CliException.auth(message);
  }

  private static URI url(String source, String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null
          && uri.getRawUserInfo() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw CliException.invalid(
        source
            + " must be an http or https URL such as "
            + DEFAULT_URL
            + " (no query or credentials), got '"
            + text
            + "'");
  }

  /** The first line of the file, trimmed, so a trailing newline from {@code echo} does no harm. */
  private static String readKeyFile(Path file, String option, String what) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw authFailure(option + " " + file + ": no such file");
    } catch (IOException | RuntimeException e) {
      throw authFailure(
          option + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
    String firstLine = content.lines().findFirst().orElse("").strip();
    if (firstLine.isEmpty()) {
      throw authFailure(option + " " + file + " is empty: its first line must be the " + what);
    }
    return firstLine;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
