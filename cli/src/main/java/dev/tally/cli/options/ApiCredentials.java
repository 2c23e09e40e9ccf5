package dev.tally.cli.options;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the Billing API is and the key to call it with. The key comes from the environment or a
 * file, never from a command-line argument: arguments show in {@code ps} and in shell history.
 *
 * @param url the server's base URL
 * @param apiKey the bearer API key
 */
public record ApiCredentials(URI url, String apiKey) {

  public static final String API_KEY_ENV = "TALLY_API_KEY";
  static final String URL_ENV = CredentialSources.URL_ENV;
  static final String DEFAULT_URL = CredentialSources.DEFAULT_URL;

  /**
   * Resolves the credentials: an option, when given, wins over its environment variable.
   *
   * @param urlOption {@code --url}, or null
   * @param keyFile {@code --api-key-file}, or null
   * @param env the environment variables
   */
  static ApiCredentials resolve(String urlOption, Path keyFile, Map<String, String> env) {
    URI url = CredentialSources.serverUrl(urlOption, env);
    String key = CredentialSources.key(keyFile, "--api-key-file", "API key", env, API_KEY_ENV);
    if (key == null) {
      throw CredentialSources.authFailure(
          "no API key: set " + API_KEY_ENV + " or pass --api-key-file FILE");
    }
    return new ApiCredentials(url, key);
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "ApiCredentials[url=" + url + ", apiKey=<redacted>]";
  }
}
