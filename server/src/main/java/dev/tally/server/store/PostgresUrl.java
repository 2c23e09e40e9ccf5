package dev.tally.server.store;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the parts of a {@code jdbc:postgresql:} URL that the driver would otherwise refuse in its
 * own words, or not at all: a port outside 1 to 65535 makes the driver decline the URL ("No
 * suitable driver", after a warning on stderr), a timeout that is not a number fails the first
 * connection with Java's number-parsing message. Tally says what is wrong before the driver sees
 * the URL. The parameter names are the driver's (https://jdbc.postgresql.org/documentation/use/).
 */
final class PostgresUrl {

  /** The driver's parameters that take a whole number. */
  private static final Set<String> WHOLE_NUMBERS =
      Set.of(
          "connectTimeout",
          "loginTimeout",
          "socketTimeout",
          "cancelSignalTimeout",
          "prepareThreshold",
          "defaultRowFetchSize",
          "sendBufferSize",
          "receiveBufferSize",
          "unknownLength",
          "preparedStatementCacheQueries",
          "preparedStatementCacheSizeMiB",
          "databaseMetadataCacheFields",
          "databaseMetadataCacheFieldsMiB",
          "hostRecheckSeconds");

  private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");

  private PostgresUrl() {}

  /**
   * @param url a URL starting {@code jdbc:postgresql:}
   * @throws IllegalArgumentException naming the part that is wrong and what it must be
   */
  static void check(String url) {
    String rest = url.substring("jdbc:postgresql:".length());
    int query = rest.indexOf('?');
    String path = query < 0 ? rest : rest.substring(0, query);
    if (path.startsWith("//")) {
      int slash = path.indexOf('/', 2);
      String hosts = slash < 0 ? path.substring(2) : path.substring(2, slash);
      for (String host : hosts.split(",", -1)) {
        checkPort(host);
      }
    }
    if (query >= 0) {
      for (String parameter : rest.substring(query + 1).split("&")) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : parameter.substring(equals + 1);
        if (WHOLE_NUMBERS.contains(name) && !WHOLE_NUMBER.matcher(value).matches()) {
          throw new IllegalArgumentException(
              "the database URL's "
                  + name
                  + " must be a whole number (seconds for a timeout), got '"
                  + value
                  + "'");
        }
      }
    }
  }

  private static void checkPort(String host) {
    // host, host:port, [v6], [v6]:port
    int close = host.lastIndexOf(']');
    int colon = host.lastIndexOf(':');
    if (colon < 0 || colon < close) {
      return;
    }
    String port = host.substring(colon + 1);
    if (port.isEmpty()) {
      return;
    }
    if (!WHOLE_NUMBER.matcher(port).matches()
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(
          "the database URL's port must be 1 to 65535, got '" + port + "'");
    }
  }
}
