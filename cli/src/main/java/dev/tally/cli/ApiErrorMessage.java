package dev.tally.cli;

import dev.tally.client.ApiException;
import dev.tally.client.BadRequestException;
import dev.tally.client.NotFoundException;
import dev.tally.client.PermissionDeniedException;
import dev.tally.client.RateLimitedException;
import dev.tally.client.ServerException;
import dev.tally.client.TallyException;
import dev.tally.client.TransportException;
import dev.tally.client.UnauthenticatedException;
import dev.tally.client.UnexpectedResponseException;
import dev.tally.client.UnexpectedStatusException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says in one line what a failed Billing API call means to the person at the terminal, and which
 * exit code stands for it. The SDK's own messages are written for logs (method, full URI,
 * attempts); these lead with what went wrong and keep the server's reason.
 */
public final class ApiErrorMessage {

  private static final String INVOICES = "/invoices/";

  private ApiErrorMessage() {}

  /** {@return the failure in one line, in Tally's words} */
  static String of(TallyException e) {
    return switch (e) {
      case UnauthenticatedException a -> "the API key was rejected" + because(a);
      case PermissionDeniedException a -> "the API key may not read invoices" + because(a);
      case NotFoundException a -> notFound(a);
      case BadRequestException a -> "the server rejected the request" + because(a);
      case RateLimitedException a ->
          "the server is limiting requests; try again later" + because(a);
      case ServerException a -> "the server failed" + because(a);
      case UnexpectedStatusException a -> "unexpected answer from " + server(a.uri()) + because(a);
      case UnexpectedResponseException u ->
          server(u.uri())
              + " did not answer with Billing API JSON (HTTP "
              + u.statusCode()
              + ", "
              + u.contentType().orElse("no Content-Type")
              + "): "
              + u.bodySnippet();
      case TransportException t -> transport(t);
    };
  }

  static int exitCode(TallyException e) {
    return switch (e) {
      case UnauthenticatedException a -> ExitCode.AUTH;
      case PermissionDeniedException a -> ExitCode.AUTH;
      case NotFoundException a -> ExitCode.NOT_FOUND;
      case BadRequestException a -> ExitCode.INVALID_INPUT;
      case ApiException a -> ExitCode.SERVER_OR_NETWORK;
      case UnexpectedResponseException u -> ExitCode.SERVER_OR_NETWORK;
      case TransportException t -> ExitCode.SERVER_OR_NETWORK;
    };
  }

  /** {@code " (401 Unauthenticated): <the server's message>"}. */
  private static String because(ApiException e) {
    String reason = " (" + e.statusCode() + " " + words(e.codeName()) + ")";
    String message = oneLine(e.serverMessage());
    return message.isEmpty() ? reason : reason + ": " + message;
  }

  /**
   * An invoice that does not exist is said so, whichever route asked for it (the Billing API's
   * {@code /api/v1/invoices/{id}}, or Tally's {@code /tally/v1/invoices/{id}/pdf}, {@code /csv},
   * {@code /provenance}): when the path names an invoice and the server's own message names it too.
   * Any other 404 is a path the server does not serve, which usually means a wrong URL.
   */
  private static String notFound(NotFoundException e) {
    String path = e.uri().getRawPath();
    int at = path.lastIndexOf(INVOICES);
    if (at >= 0 && at + INVOICES.length() < path.length()) {
      String segment = path.substring(at + INVOICES.length());
      int slash = segment.indexOf('/');
      String rawId = slash < 0 ? segment : segment.substring(0, slash);
      // The SDK percent-encodes the id as one path segment; a '+' in it is literal.
      String id = URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8);
      boolean billingApiGet = slash < 0 && path.substring(0, at).endsWith("/api/v1");
      if (billingApiGet || e.serverMessage().contains("invoice " + id + " ")) {
        return "invoice " + id + " not found (404)";
      }
    }
    return "nothing found at "
        + e.uri()
        + because(e)
        + "; is "
        + server(e.uri())
        + " the Tally server?";
  }

  private static String transport(TransportException e) {
    if (e.isInterrupted()) {
      return "interrupted while waiting for " + server(e.uri());
    }
    return unreachable(e.uri(), e.getCause());
  }

  /**
   * Why no answer came from the server at {@code uri}, in one line: {@code "cannot reach
   * http://host:port: connection refused"}, {@code "no answer from http://host:port in time"}.
   *
   * @param uri the request's URI; only its scheme and authority are shown
   * @param failure the I/O failure, as the SDK met it
   */
  public static String unreachable(URI uri, Throwable failure) {
    String server = server(uri);
    if (failure instanceof HttpTimeoutException) {
      return "no answer from " + server + " in time";
    }
    List<Throwable> causes = new ArrayList<>();
    for (Throwable cause = failure;
        cause != null && !causes.contains(cause);
        cause = cause.getCause()) {
      causes.add(cause);
    }
    for (Throwable cause : causes) {
      if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
        return "cannot reach " + server + ": unknown host " + uri.getHost();
      }
      if (cause instanceof SSLException) {
        return "cannot reach "
            + server
            + ": TLS failed ("
            + oneLine(String.valueOf(cause.getMessage()))
            + ")";
      }
    }
    for (Throwable cause : causes) {
      if (cause instanceof ConnectException) {
        // java.net.http reports a refused connection as a ConnectException without a message.
        String message = cause.getMessage() == null ? "" : oneLine(cause.getMessage());
        return "cannot reach "
            + server
            + ": "
            + (message.isEmpty() ? "connection refused" : message.toLowerCase(Locale.ROOT));
      }
    }
    Throwable root = causes.isEmpty() ? null : causes.getLast();
    String detail =
        root == null
            ? "no answer"
            : root.getMessage() == null
                ? root.getClass().getSimpleName()
                : oneLine(root.getMessage());
    return "cannot reach " + server + ": " + detail;
  }

  /**
   * The scheme and authority, such as {@code http://127.0.0.1:8080}: what the user passed as --url.
   */
  private static String server(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** {@code PERMISSION_DENIED} → {@code Permission Denied}. */
  private static String words(String codeName) {
    StringBuilder out = new StringBuilder();
    for (String word : codeName.split("_")) {
      if (!word.isEmpty()) {
        out.append(out.isEmpty() ? "" : " ")
            .append(word.charAt(0))
            .append(word.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  /** Keeps the error to one line, whatever the server sent. */
  private static String oneLine(String text) {
    return text.replaceAll("\\p{Cntrl}+", " ").strip();
  }
}
