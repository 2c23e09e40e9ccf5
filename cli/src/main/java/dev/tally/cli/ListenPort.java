package dev.tally.cli;

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
    if (port == 0) {
      return new ListenPort(null);
    }
    ServerSocket socket = null;
    try {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
      return new ListenPort(socket);
    } catch (IOException | IllegalArgumentException e) {
      close(socket);
      boolean inUse =
          e instanceof BindException && String.valueOf(e.getMessage()).contains("in use");
      String reason =
          inUse
              ? "the port is in use (is another server running there? pass --port or set TALLY_PORT)"
              : String.valueOf(e.getMessage());
      throw CliException.serverOrNetwork("cannot listen on " + host + ":" + port + ": " + reason);
    }
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
