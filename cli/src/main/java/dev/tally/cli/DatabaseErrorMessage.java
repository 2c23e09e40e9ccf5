package dev.tally.cli;

import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.store.SchemaRefused;
import dev.tally.server.store.StoreException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Says in one line why the database could not be used, naming where it is ({@code host:port}, or
 * the embedded database's directory) and the reason in Tally's words, never the driver's class
 * names. A database that cannot be reached or refuses the connection is exit code 5, "server or
 * network", as the Billing API's unreachable server is ({@link ApiErrorMessage}).
 */
public final class DatabaseErrorMessage {

  private static final int POSTGRES_PORT = 5432;

  private DatabaseErrorMessage() {}

  /**
   * What a failure to open {@code config} becomes: a {@link CliException} with exit code 5 when the
   * database could not be reached or refused the connection ({@code "cannot reach the database at
   * 127.0.0.1:1: the connection was refused ..."}) or its schema was refused ({@link
   * SchemaRefused}, one line already), else {@code failure} itself.
   */
  public static RuntimeException opening(DatabaseConfig config, RuntimeException failure) {
    if (failure instanceof SchemaRefused refused) {
      // The database answered, but its schema is not one this build can serve: still "the
      // database", as the README's exit codes class it.
      return CliException.serverOrNetwork(refused.getMessage());
    }
    return reason(failure)
        .<RuntimeException>map(
            why ->
                CliException.serverOrNetwork(
                    (config.isEmbedded()
                            ? "cannot open the embedded database " + embeddedPath(config)
                            : "cannot reach the database at " + address(config.jdbcUrl()))
                        + ": "
                        + why(why, config)))
        .orElse(failure);
  }

  /**
   * A database failure in the middle of a command: the server answers these with 503, the CLI with
   * exit code 5.
   */
  static String duringCommand(StoreException failure) {
    return "the database failed: "
        + reason(failure).map(why -> why(why, null)).orElse(oneLine(failure.getMessage()));
  }

  /** Why a connection could not be made or was refused; empty when the failure is another kind. */
  private static Optional<Reason> reason(Throwable failure) {
    List<Throwable> causes = new ArrayList<>();
    for (Throwable c = failure; c != null && !causes.contains(c); c = c.getCause()) {
      causes.add(c);
    }
    // The network's reason first: the driver wraps it in an SQLException of its own.
    for (Throwable c : causes) {
      switch (c) {
        case UnknownHostException u -> {
          return Optional.of(new Reason(Kind.UNKNOWN_HOST, u.getMessage()));
        }
        case NoRouteToHostException n -> {
          return Optional.of(new Reason(Kind.NO_ROUTE, null));
        }
        case ConnectException e
            when e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("timed out") -> {
          return Optional.of(new Reason(Kind.NO_ANSWER, null));
        }
        case ConnectException e -> {
          return Optional.of(new Reason(Kind.REFUSED, null));
        }
        case SocketTimeoutException t -> {
          return Optional.of(new Reason(Kind.NO_ANSWER, null));
        }
        default -> {}
      }
    }
    for (Throwable c : causes) {
      if (c instanceof SQLException sql && sql.getSQLState() != null) {
        Optional<Kind> kind =
            switch (sql.getSQLState()) {
              case "28P01" -> Optional.of(Kind.PASSWORD);
              case "28000" -> Optional.of(Kind.LOGIN);
              case "3D000" -> Optional.of(Kind.NO_DATABASE);
              case "53300" -> Optional.of(Kind.FULL);
              case "57P03" -> Optional.of(Kind.STARTING);
              default ->
                  sql.getSQLState().startsWith("08")
                      ? Optional.of(Kind.CONNECTION)
                      : Optional.empty();
            };
        if (kind.isPresent()) {
          return Optional.of(new Reason(kind.get(), serverWords(sql.getMessage())));
        }
      }
      if (c instanceof SQLTransientConnectionException) {
        return Optional.of(new Reason(Kind.NO_CONNECTION, null));
      }
    }
    return Optional.empty();
  }

  private enum Kind {
    UNKNOWN_HOST,
    NO_ROUTE,
    REFUSED,
    NO_ANSWER,
    PASSWORD,
    LOGIN,
    NO_DATABASE,
    FULL,
    STARTING,
    CONNECTION,
    NO_CONNECTION
  }

  /**
   * A kind of failure and, where it helps, the detail it came with (a host, the server's words).
   */
  private record Reason(Kind kind, String detail) {}

  private static String why(Reason reason, DatabaseConfig config) {
    String user = config == null ? null : user(config);
    String as = user == null ? "" : " for user '" + user + "'";
    return switch (reason.kind()) {
      case UNKNOWN_HOST -> "unknown host" + (reason.detail() == null ? "" : " " + reason.detail());
      case NO_ROUTE -> "no route to the host";
      case REFUSED -> "the connection was refused (is the database running, on that port?)";
      case NO_ANSWER -> "no answer in time (a firewall, or a host that is down?)";
      case PASSWORD ->
          "the password was refused"
              + as
              + " (TALLY_DATABASE_USER, TALLY_DATABASE_PASSWORD or the URL's user and password)";
      case LOGIN -> "the login was refused" + as + withWords(reason);
      case NO_DATABASE -> "no such database" + withWords(reason);
      case FULL -> "it accepts no more connections" + withWords(reason);
      case STARTING -> "it is starting up or shutting down; try again shortly";
      case CONNECTION -> "the connection failed" + withWords(reason);
      case NO_CONNECTION -> "no connection to it within the database timeout";
    };
  }

  private static String withWords(Reason reason) {
    return reason.detail() == null || reason.detail().isEmpty() ? "" : " (" + reason.detail() + ")";
  }

  /**
   * The database server's own sentence without the driver's decoration: PostgreSQL's {@code FATAL:
   * role "x" does not exist} becomes {@code role "x" does not exist}.
   */
  private static String serverWords(String message) {
    if (message == null) {
      return null;
    }
    String line = oneLine(message);
    return line.replaceFirst("^(FATAL|ERROR): ", "");
  }

  /**
   * {@code host:port} of a PostgreSQL URL, with the default port where it gives none; several hosts
   * (a failover list) are kept, comma-separated. {@code jdbc:postgresql:db} is the local host.
   */
  static String address(String jdbcUrl) {
    String prefix = "jdbc:postgresql:";
    if (!jdbcUrl.startsWith(prefix)) {
      return jdbcUrl;
    }
    String rest = jdbcUrl.substring(prefix.length());
    if (!rest.startsWith("//")) {
      return "localhost:" + POSTGRES_PORT;
    }
    String authority = rest.substring(2);
    int end = authority.length();
    for (char stop : new char[] {'/', '?'}) {
      int at = authority.indexOf(stop);
      if (at >= 0) {
        end = Math.min(end, at);
      }
    }
    authority = authority.substring(0, end);
    if (authority.isEmpty()) {
      return "localhost:" + POSTGRES_PORT;
    }
    List<String> hosts = new ArrayList<>();
    for (String host : authority.split(",")) {
      int bracket = host.lastIndexOf(']');
      boolean hasPort = host.indexOf(':', bracket + 1) >= 0;
      hosts.add(hasPort ? host : host + ":" + POSTGRES_PORT);
    }
    return String.join(",", hosts);
  }

  /** The user the connection was made as, when the settings name one. */
  private static String user(DatabaseConfig config) {
    if (config.user() != null && !config.user().isBlank()) {
      return config.user();
    }
    int query = config.jdbcUrl().indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String pair : config.jdbcUrl().substring(query + 1).split("&")) {
      if (pair.startsWith("user=")) {
        return pair.substring("user=".length());
      }
    }
    return null;
  }

  /** {@code in /var/lib/tally}: the directory of {@code jdbc:h2:file:/var/lib/tally/tally;...}. */
  private static String embeddedPath(DatabaseConfig config) {
    String url = config.describe();
    String file = url.startsWith("jdbc:h2:file:") ? url.substring("jdbc:h2:file:".length()) : url;
    int slash = file.lastIndexOf('/');
    return "in " + (slash > 0 ? file.substring(0, slash) : file);
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replaceAll("\\p{Cntrl}+", " ").strip();
  }
}
