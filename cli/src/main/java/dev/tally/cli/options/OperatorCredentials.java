package dev.tally.cli.options;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the operator API is and the operator key to call it with. As with {@link ApiCredentials},
 * the key comes from the environment or a file, never from an argument: arguments show in {@code
 * ps}.
 *
 * @param url the server's base URL
 * @param operatorKey the bearer operator key, {@code TALLYOP1_...}
 */
public record OperatorCredentials(URI url, String operatorKey) {

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
    URI url = CredentialSources.serverUrl(urlOption, env);
    String source = keyFile != null ? "--operator-key-file " + keyFile : OPERATOR_KEY_ENV;
    String key =
        CredentialSources.key(
            keyFile, "--operator-key-file", "operator key", env, OPERATOR_KEY_ENV);
    if (key == null) {
      throw CredentialSources.authFailure(
          "no operator key: set "
              + OPERATOR_KEY_ENV
              + " or pass --operator-key-file FILE (make one with 'tally operator-keys create')");
    }
    // An organization's API key can never pass as an operator key; say so before the server does.
    if (key.startsWith(API_KEY_PREFIX)) {
      throw CredentialSources.authFailure(
          source
              + " holds a Billing API key ("
              + API_KEY_PREFIX
              + "...); this command needs an operator key ("
              + OPERATOR_PREFIX
              + "...), made with 'tally operator-keys create'");
    }
    return new OperatorCredentials(url, key);
  }

  /**
   * The URI of a path on the server, keeping any path prefix of the base URL (a reverse proxy's).
   */
  public URI resolve(String path) {
    String base = url.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  /**
   * The scheme and authority, such as {@code http://127.0.0.1:8080}: what the user passed as --url.
   */
  public String server() {
    return url.getScheme() + "://" + url.getRawAuthority();
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "OperatorCredentials[url=" + url + ", operatorKey=<redacted>]";
  }
}
