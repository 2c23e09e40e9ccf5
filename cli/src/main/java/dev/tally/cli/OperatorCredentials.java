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
 * Where the operator API is and the operator key to call it with. As with {@link ApiCredentials}, the
 * key comes from the environment or a file, never from an argument: arguments show in {@code ps}.
 *
 * @param url the server's base URL
 * @param operatorKey the bearer operator key, {@code TALLYOP1_...}
 */
record OperatorCredentials(URI url, String operatorKey) {

  static final String OPERATOR_KEY_ENV = "TALLY_OPERATOR_KEY";
  static final String OPERATOR_PREFIX = "TALLYOP1_";
  private static final String API_KEY_PREFIX = "TALLY1_";

  /**
   * Resolves the credentials: an option, when given, wins over its environment variable.
   *
   * @param urlOption {@code --url}, or null
   * @param keyFile {@code --operator-key-file}, or null
   * @param env the environment variables
   */
  static OperatorCredentials resolve(String urlOption, Path keyFile, Map<String, String> env) {
    String envUrl = env.get(ApiCredentials.URL_ENV);
    URI url = urlOption != null ? url("--url", urlOption)
        : present(envUrl) ? url(ApiCredentials.URL_ENV, envUrl.strip())
        : URI.create(ApiCredentials.DEFAULT_URL);
    String source = keyFile != null ? "--operator-key-file " + keyFile : OPERATOR_KEY_ENV;
    String key = keyFile != null ? readKeyFile(keyFile) : env.get(OPERATOR_KEY_ENV);
    if (!present(key)) {
      throw authFailure("no operator key: set " + OPERATOR_KEY_ENV + " or pass --operator-key-file FILE "
          + "(make one with 'tally operator-keys create')");
    }
    key = key.strip();
    // An organization's API key can never pass as an operator key; say so before the server does.
    if (key.startsWith(API_KEY_PREFIX)) {
      throw authFailure(source + " holds a Billing API key (" + API_KEY_PREFIX + "...); this command needs an "
          + "operator key (" + OPERATOR_PREFIX + "...), made with 'tally operator-keys create'");
    }
    return new OperatorCredentials(url, key);
  }

  /** The URI of a path on the server, keeping any path prefix of the base URL (a reverse proxy's). */
  URI resolve(String path) {
    String base = url.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  /** The scheme and authority, such as {@code http://127.0.0.1:8080}: what the user passed as --url. */
  String server() {
    return url.getScheme() + "://" + url.getRawAuthority();
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
    throw Failure.invalid(source + " must be an http or https URL such as " + ApiCredentials.DEFAULT_URL
        + " (no query or credentials), got '" + text + "'");
  }

  /** The first line of the file, trimmed, so a trailing newline from {@code echo} does no harm. */
  private static String readKeyFile(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw authFailure("--operator-key-file " + file + ": no such file");
    } catch (IOException | RuntimeException e) {
      throw authFailure("--operator-key-file " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
    String firstLine = content.lines().findFirst().orElse("").strip();
    if (firstLine.isEmpty()) {
      throw authFailure("--operator-key-file " + file + " is empty: its first line must be the operator key");
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
    return "OperatorCredentials[url=" + url + ", operatorKey=<redacted>]";
  }
}
