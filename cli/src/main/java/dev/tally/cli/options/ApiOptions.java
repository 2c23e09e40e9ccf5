package dev.tally.cli.options;

import dev.tally.client.TallyClient;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a Billing API command reaches the server: the server's URL and the API key. Deliberately
 * there is no option that takes the key itself.
 */
public final class ApiOptions {

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = {
        "The Tally server. Default: $TALLY_URL, else",
        ApiCredentials.DEFAULT_URL + "."
      })
  String url;

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description = {
        "Read the API key from the first line of FILE.",
        "Default: the key in $TALLY_API_KEY."
      })
  Path apiKeyFile;

  /** The process environment; the command line's factory sets it, so tests can pass their own. */
  public Map<String, String> environment = System.getenv();

  /** A client for the resolved server and key; the caller closes it. */
  public TallyClient connect() {
    ApiCredentials credentials = ApiCredentials.resolve(url, apiKeyFile, environment);
    return TallyClient.builder()
        .baseUrl(credentials.url())
        .apiKey(credentials.apiKey())
        .userAgentPrefix("tally-cli")
        .build();
  }
}
