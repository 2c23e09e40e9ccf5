package dev.tally.cli.options;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a server command listens: {@code --host} and {@code --port}, with {@code TALLY_HOST} and
 * {@code TALLY_PORT} as defaults. {@link #validate} refuses a port outside 0 to 65535 (0 picks a
 * free one) before anything starts.
 */
public final class ListenAddress {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "${env:TALLY_HOST:-127.0.0.1}",
      description = "Address to listen on (default: $TALLY_HOST, else ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:TALLY_PORT:-8080}",
      description =
          "Port to listen on, 0 to 65535; 0 picks a free one (default: $TALLY_PORT, else 8080).")
  int port;

  /**
   * @throws ParameterException when the port is out of range or the host is empty
   */
  public void validate() {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(
          spec.commandLine(),
          SettingVariables.named(spec, "--port") + " must be between 0 and 65535, got " + port);
    }
    if (host.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), SettingVariables.named(spec, "--host") + " must not be empty");
    }
    if (!isHostShaped(host.strip())) {
      throw new ParameterException(
          spec.commandLine(),
          SettingVariables.named(spec, "--host")
              + " is a name or an address, without a scheme or a port (give the port with"
              + " --port), got '"
              + host.strip()
              + "'");
    }
  }

  /**
   * A DNS name or IPv4 address (letters, digits, {@code . - _}), or an IPv6 address, bracketed or
   * not, with at least two colons: {@code 127.0.0.1:9000} and {@code http://h} are not hosts.
   */
  static boolean isHostShaped(String host) {
    if (host.contains(":")) {
      return host.matches(
          "\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?\\]?");
    }
    return host.matches("[A-Za-z0-9._-]+");
  }

  public String host() {
    return host.strip();
  }

  public int port() {
    return port;
  }

  /**
   * The base URL of a server listening here on {@code boundPort}, an IPv6 address in brackets as
   * URLs write it ({@code http://[::1]:8080}).
   */
  public String url(int boundPort) {
    return "http://" + authority(host(), boundPort);
  }

  /** {@code host:port}, an IPv6 address in brackets ({@code [::1]:8080}). */
  public static String authority(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }
}
