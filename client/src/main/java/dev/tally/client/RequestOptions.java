package dev.tally.client;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Settings for one request that override the client's, in the manner of stripe-java's {@code
 * RequestOptions}. Immutable; build one with {@link #builder()} and pass it to any request's {@code
 * options(...)}:
 *
 * <pre>{@code
 * var opts = RequestOptions.builder().timeout(Duration.ofSeconds(5)).maxRetries(0).build();
 * Invoice invoice = tally.billing().getInvoice(id).options(opts).execute();
 * }</pre>
 *
 * <p>Anything left unset falls back to the client's setting.
 */
public final class RequestOptions {

  private static final RequestOptions NONE = new Builder().build();

  /** Headers the SDK sets itself; each has its own option. */
  private static final Set<String> MANAGED_HEADERS =
      Set.of("authorization", "cc-version", "user-agent", "accept");

  private final Duration timeout;
  private final Integer maxRetries;
  private final Map<String, String> headers;
  private final String apiVersion;
  private final String apiKey;
  private final Consumer<RetryNotice> onRetry;

  private RequestOptions(Builder builder) {
    this.timeout = builder.timeout;
    this.maxRetries = builder.maxRetries;
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(builder.headers);
    this.headers = Collections.unmodifiableMap(copy);
    this.apiVersion = builder.apiVersion;
    this.apiKey = builder.apiKey;
    this.onRetry = builder.onRetry;
  }

  /** {@return options that override nothing} */
  public static RequestOptions none() {
    return NONE;
  }

  /** {@return A builder with nothing set} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return A builder holding these options, to derive others from} */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.timeout = timeout;
    builder.maxRetries = maxRetries;
    builder.headers.putAll(headers);
    builder.apiVersion = apiVersion;
    builder.apiKey = apiKey;
    builder.onRetry = onRetry;
    return builder;
  }

  /** {@return the timeout of each attempt, if overridden} */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** {@return how many times a failed attempt may be retried, if overridden} */
  public OptionalInt maxRetries() {
    return maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries);
  }

  /** {@return extra headers to send, by case-insensitive name} */
  public Map<String, String> headers() {
    return headers;
  }

  /** {@return the {@code Cc-Version} to send, if overridden} */
  public Optional<String> apiVersion() {
    return Optional.ofNullable(apiVersion);
  }

  /** {@return the API key to send, if overridden} */
  public Optional<String> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /** {@return the listener told before each retry, if set} */
  public Optional<Consumer<RetryNotice>> onRetry() {
    return Optional.ofNullable(onRetry);
  }

  /**
   * Describes the options; an API key shows as {@code <redacted>}, and so do secret-looking
   * headers.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("RequestOptions{");
    if (timeout != null) out.append("timeout=").append(timeout).append(", ");
    if (maxRetries != null) out.append("maxRetries=").append(maxRetries).append(", ");
    if (apiVersion != null) out.append("apiVersion=").append(apiVersion).append(", ");
    if (apiKey != null) out.append("apiKey=").append(LogFormat.REDACTED).append(", ");
    if (onRetry != null) out.append("onRetry=set, ");
    if (!headers.isEmpty()) {
      out.append("headers={");
      headers.forEach(
          (name, value) ->
              out.append(name)
                  .append('=')
                  .append(LogFormat.isSensitive(name) ? LogFormat.REDACTED : value)
                  .append(", "));
      out.setLength(out.length() - 2);
      out.append("}, ");
    }
    if (out.charAt(out.length() - 1) == ' ') {
      out.setLength(out.length() - 2);
    }
    return out.append('}').toString();
  }

  /** Builds {@link RequestOptions}. Not thread-safe; the options it builds are. */
  public static final class Builder {

    private Duration timeout;
    private Integer maxRetries;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private String apiVersion;
    private String apiKey;
    private Consumer<RetryNotice> onRetry;

    private Builder() {}

    /**
     * The timeout of each attempt: from sending the request until the response arrives.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Validation.positive(timeout, "timeout");
      return this;
    }

    /**
     * How many times a failed attempt may be retried; 0 turns retries off for this request.
     *
     * @param maxRetries from 0 to {@value TallyClient#MAX_RETRIES_LIMIT}
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = Validation.retries(maxRetries);
      return this;
    }

    /**
     * An extra header to send; setting the same name again replaces it. The headers the SDK sets
     * itself have their own options ({@link #apiKey}, {@link #apiVersion}) and are refused here, as
     * are those {@link java.net.http.HttpClient} does not allow ({@code Host}, {@code Connection},
     * ...).
     *
     * @param name a header name
     * @param value its value, without line breaks
     * @return this builder
     * @throws IllegalArgumentException if the name is refused or the name or value is malformed
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (MANAGED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "header "
                + name
                + " is set by the SDK; "
                + switch (name.toLowerCase(Locale.ROOT)) {
                  case "authorization" -> "use apiKey(...)";
                  case "cc-version" -> "use apiVersion(...)";
                  case "user-agent" -> "use TallyClient.Builder.userAgentPrefix(...)";
                  default -> "the API only answers JSON";
                });
      }
      Validation.header(name, value);
      headers.put(name, value);
      return this;
    }

    /**
     * The {@code Cc-Version} header to send instead of the client's.
     *
     * @param apiVersion an API version such as {@code 2024-09-16}
     * @return this builder
     */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = Validation.headerValue("Cc-Version", apiVersion);
      return this;
    }

    /**
     * The API key to send as {@code Authorization: Bearer <key>} instead of the client's.
     *
     * @param apiKey a non-blank API key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Validation.apiKey(apiKey);
      return this;
    }

    /**
     * A listener told before each retry of the request: what failed, which retry follows and after
     * how long. It runs on the thread that runs the request, before the wait; an exception it
     * throws ends the request with that exception.
     *
     * @param listener told of each retry
     * @return this builder
     */
    public Builder onRetry(Consumer<RetryNotice> listener) {
      this.onRetry = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** {@return the options as set so far} */
    public RequestOptions build() {
      return new RequestOptions(this);
    }
  }

  /** Argument checks shared by the client builder and the options builder. */
  static final class Validation {

    private Validation() {}

    static Duration positive(Duration duration, String what) {
      Objects.requireNonNull(duration, what);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + duration);
      }
      return duration;
    }

    static int retries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > TallyClient.MAX_RETRIES_LIMIT) {
        throw new IllegalArgumentException(
            "maxRetries must be from 0 to "
                + TallyClient.MAX_RETRIES_LIMIT
                + ", got "
                + maxRetries);
      }
      return maxRetries;
    }

    static String apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      String key = apiKey.strip();
      if (key.isEmpty()) {
        throw new IllegalArgumentException("apiKey is blank");
      }
      try {
        HttpRequest.newBuilder().header("Authorization", "Bearer " + key);
      } catch (IllegalArgumentException e) {
        // Don't echo the key.
        throw new IllegalArgumentException("apiKey holds characters a header cannot carry");
      }
      return key;
    }

    static String headerValue(String name, String value) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " is blank");
      }
      header(name, value);
      return value;
    }

    /**
     * Lets {@link HttpRequest.Builder#header} judge the name and value, as it will when sending.
     * The value is never echoed (the JDK's message would), since it may be a credential.
     */
    static void header(String name, String value) {
      try {
        HttpRequest.newBuilder().header(name, "x");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("header " + name + " cannot be sent: " + e.getMessage());
      }
      try {
        HttpRequest.newBuilder().header(name, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "header " + name + " cannot be sent: its value holds characters a header cannot carry");
      }
    }
  }
}
