package dev.tally.cli;

import dev.tally.cli.options.ListenAddress;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A listening address held by this process until {@link #release}, so a command can tell at once
 * that its port is taken instead of after a long start. Released just before the server binds it.
 */
final class ListenPort {

  private final ServerSocket socket;

  private ListenPort(ServerSocket socket) {
    this.socket = socket;
  }

  /**
   * Binds {@code host:port} as the server would (address reuse on, as Jetty sets it, so a port left
   * in TIME_WAIT counts as free); port 0 picks a port later, so nothing is held.
   *
   * @throws CliException (exit code 5) when the address cannot be listened on
   */
  static ListenPort reserve(String host, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    String where = "cannot listen on " + ListenAddress.authority(host, port);
    if (address.isUnresolved()) {
      throw CliException.serverOrNetwork(
          where
              + ": no address is known for the host '"
              + host
              + "' (pass --host or set TALLY_HOST)");
    }
    ServerSocket socket = null;
    try {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      // Port 0 is bound too, to learn now whether the host is one of this machine's addresses.
      socket.bind(address);
      if (port == 0) {
        close(socket);
        return new ListenPort(null);
      }
      return new ListenPort(socket);
    } catch (IOException e) {
      close(socket);
      throw CliException.serverOrNetwork(where + ": " + reason(e));
    }
  }

  static String reason(IOException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (e instanceof BindException && message.contains("in use")) {
      return "the port is in use (is another server running there? pass --port or set TALLY_PORT)";
    }
    if (e instanceof BindException && message.contains("assign")) {
      return "the host is not an address of this machine (pass --host or set TALLY_HOST)";
    }
    if (e instanceof BindException && message.contains("permission")) {
      return "permission denied (ports below 1024 need privileges; pass --port)";
    }
    if (message.contains("invalid argument")) {
      // Linux's EINVAL for an address it cannot bind here, e.g. an IPv6 link-local one without a
      // zone (fe80::1 rather than fe80::1%eth0).
      return "this address cannot be listened on here (a link-local IPv6 address needs its"
          + " interface, e.g. fe80::1%eth0; pass --host or set TALLY_HOST)";
    }
    return "cannot listen there (" + e.getMessage() + ")";
  }

  /** Frees the address for the server; safe to call twice. */
  void release() {
    close(socket);
  }

  private static void close(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // nothing is left to free
    }
  }
}
