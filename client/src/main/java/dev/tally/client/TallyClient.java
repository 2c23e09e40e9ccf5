package dev.tally.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

/**
 * A client of the Billing API: Tally's, or CockroachDB Cloud's, which it is wire-compatible with.
 *
 * <pre>{@code
 * try (var tally = TallyClient.builder().apiKey(key).build()) {
 *   Invoice invoice = tally.billing().getInvoice(id).execute();
 *   ListInvoicesResponse page = tally.billing().listInvoices()
 *       .status(InvoiceStatus.FINALIZED).startTime(t0).endTime(t1).execute();
 * }
 * }</pre>
 *
 * <p>A Tally server's operator API (usage ingestion, price book, period close, credits and
 * adjustments) is {@link #operator()}, with an operator key:
 *
 * <pre>{@code
 * try (var tally = TallyClient.builder().baseUrl(url).operatorKey(opKey).build()) {
 *   IngestUsageResponse answer = tally.operator().ingestUsage(events).execute();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe: make one and share it. {@link #close()} closes the {@link
 * HttpClient} only if the client made it.
 *
 * <h2>The API key</h2>
 *
 * Sent as {@code Authorization: Bearer <key>}. Taken, in order, from {@link Builder#apiKey}, the
 * environment variable {@value #API_KEY_ENV}, the environment variable {@value
 * #FALLBACK_API_KEY_ENV}; a blank variable counts as unset. A client may be built without a key if
 * every request brings its own ({@link RequestOptions.Builder#apiKey}); a request that has none
 * fails with {@link IllegalStateException} before anything is sent.
 *
 * <h2>The operator key</h2>
 *
 * The operator API's requests carry the operator key ({@code TALLYOP1_...}, made with {@code tally
 * operator-keys create}) instead, as {@code Authorization: Bearer <key>}. Taken, in order, from
 * {@link Builder#operatorKey} and the environment variable {@value #OPERATOR_KEY_ENV}. It is kept
 * apart from the API key because the two are different credentials: an organization's key cannot
 * act as an operator key, nor the other way round. {@link RequestOptions.Builder#apiKey} replaces
 * either for one request.
 *
 * <h2>Retries</h2>
 *
 * Every Billing API request is a GET, so failed attempts are retried, {@value #DEFAULT_MAX_RETRIES}
 * times by default ({@link Builder#maxRetries}, {@link RequestOptions.Builder#maxRetries}):
 * connection failures and timeouts, and HTTP 408, 429, 502, 503 and 504. The operator API's
 * idempotent requests are retried the same way; those that must not run twice are retried only when
 * the connection failed before they were sent (see {@link OperatorApi}). The wait is the server's
 * {@code Retry-After} (seconds or an HTTP-date) when it sends one, else exponential backoff with
 * full jitter (up to 0.5 s, 1 s, 2 s, ... capped at 8 s). A {@code Retry-After} over 60 s is not
 * waited for: the error is thrown at once, with {@link ApiException#retryAfter()} set. No other
 * answer is retried. A request's {@link RequestOptions.Builder#onRetry} listener is told of each
 * retry before its wait.
 *
 * <h2>Logging</h2>
 *
 * Requests and retries are logged at {@code DEBUG} to the {@link System.Logger} named {@code
 * dev.tally.client}. Credentials never appear there: {@code Authorization} and other secret-looking
 * headers are redacted.
 */
public final class TallyClient implements AutoCloseable {

  /** The base URL used unless {@link Builder#baseUrl} says otherwise: CockroachDB Cloud. */
  public static final String DEFAULT_BASE_URL = "https://cockroachlabs.cloud";

  /** The {@code Cc-Version} sent unless overridden. */
  public static final String DEFAULT_API_VERSION = "2024-09-16";

  /** The environment variable the API key is read from when the builder has none. */
  public static final String API_KEY_ENV = "COCKROACH_API_KEY";

  /** The environment variable read when {@value #API_KEY_ENV} is unset or blank. */
  public static final String FALLBACK_API_KEY_ENV = "TALLY_API_KEY";

  /** The environment variable the operator key is read from when the builder has none. */
  public static final String OPERATOR_KEY_ENV = "TALLY_OPERATOR_KEY";

  /** Retries of a failed attempt unless overridden. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** The most retries that may be asked for. */
  public static final int MAX_RETRIES_LIMIT = 10;

  /** The connect timeout of the {@link HttpClient} the SDK makes, unless overridden. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The timeout of each attempt unless overridden. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpCaller caller;
  private final BillingApi billing;
  private final OperatorApi operator;
  private final ExtensionsApi extensions;

  private TallyClient(HttpCaller caller) {
    this.caller = caller;
    this.billing = new BillingApi(caller);
    this.operator = new OperatorApi(caller);
    this.extensions = new ExtensionsApi(caller);
  }

  /** {@return A builder with every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the invoice endpoints} */
  public BillingApi billing() {
    return billing;
  }

  /**
   * {@return a Tally server's operator API: usage ingestion, price book, period close, credits and
   * adjustments; its requests carry the operator key}
   */
  public OperatorApi operator() {
    return operator;
  }

  /**
   * {@return a Tally server's own read routes ({@code /tally/v1/...}): the organization with its
   * billing contact, prepaid credits, and invoices as PDF and CSV; with the API key, as the Billing
   * API}
   */
  public ExtensionsApi extensions() {
    return extensions;
  }

  /** {@return the base URL requests go to, without a trailing slash} */
  public URI baseUrl() {
    return caller.baseUrl();
  }

  /** {@return the {@code Cc-Version} header sent unless a request overrides it} */
  public String apiVersion() {
    return caller.apiVersion();
  }

  /** {@return the {@code User-Agent} header sent} */
  public String userAgent() {
    return caller.userAgent();
  }

  /** {@return the timeout of each attempt unless a request overrides it} */
  public Duration requestTimeout() {
    return caller.requestTimeout();
  }

  /** {@return how many times a failed attempt is retried unless a request overrides it} */
  public int maxRetries() {
    return caller.maxRetries();
  }

  /**
   * {@return whether the client has an API key of its own (from the builder or the environment)}
   */
  public boolean hasApiKey() {
    return caller.hasApiKey();
  }

  /**
   * {@return whether the client has an operator key of its own (from the builder or the
   * environment)}
   */
  public boolean hasOperatorKey() {
    return caller.hasOperatorKey();
  }

  /** {@return the {@link HttpClient} in use: the caller's, or the one the SDK made} */
  public HttpClient httpClient() {
    return caller.httpClient();
  }

  /**
   * Stops accepting requests and, if the SDK made the {@link HttpClient}, closes it (which waits
   * for requests under way). A caller-supplied {@link HttpClient} is left open. Closing twice does
   * nothing.
   */
  @Override
  public void close() {
    caller.close();
  }

  /** The settings, never the API key. */
  @Override
  public String toString() {
    return "TallyClient{baseUrl="
        + caller.baseUrl()
        + ", apiVersion="
        + caller.apiVersion()
        + ", maxRetries="
        + caller.maxRetries()
        + ", requestTimeout="
        + caller.requestTimeout()
        + ", apiKey="
        + (caller.hasApiKey() ? LogFormat.REDACTED : "none")
        + ", operatorKey="
        + (caller.hasOperatorKey() ? LogFormat.REDACTED : "none")
        + "}";
  }

  /** Builds a {@link TallyClient}. Not thread-safe; the client it builds is. */
  public static final class Builder {

    private URI baseUrl = URI.create(DEFAULT_BASE_URL);
    private String apiKey;
    private String operatorKey;
    private String apiVersion = DEFAULT_API_VERSION;
    private Duration connectTimeout;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private String userAgentPrefix;
    private HttpClient httpClient;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private UnaryOperator<String> environment = System::getenv;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();

    private Builder() {}

    /**
     * Where the API is: scheme, host, optional port and optional path prefix, such as {@code
     * https://billing.example.com} or {@code http://localhost:8080/tally}. Default {@value
     * TallyClient#DEFAULT_BASE_URL}.
     *
     * @param baseUrl an absolute {@code http} or {@code https} URL without query or fragment
     * @return this builder
     * @throws IllegalArgumentException if it is not such a URL
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      try {
        return baseUrl(new URI(baseUrl));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("baseUrl is not a URL: " + e.getMessage(), e);
      }
    }

    /**
     * Where the API is; see {@link #baseUrl(String)}.
     *
     * @param baseUrl an absolute {@code http} or {@code https} URL without query or fragment
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      String scheme =
          baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("baseUrl must be an http or https URL, got " + baseUrl);
      }
      if (baseUrl.getHost() == null) {
        throw new IllegalArgumentException("baseUrl has no host: " + baseUrl);
      }
      if (baseUrl.getRawQuery() != null
          || baseUrl.getRawFragment() != null
          || baseUrl.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "baseUrl may not have a query, a fragment or user info: pass the API key with apiKey(...)");
      }
      String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      String authority = baseUrl.getRawAuthority();
      this.baseUrl = URI.create(scheme + "://" + authority + path);
      return this;
    }

    /**
     * The API key, sent as {@code Authorization: Bearer <key>}. Without one, the key is read from
     * {@value TallyClient#API_KEY_ENV}, then {@value TallyClient#FALLBACK_API_KEY_ENV}.
     *
     * @param apiKey a non-blank key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = RequestOptions.Validation.apiKey(apiKey);
      return this;
    }

    /**
     * The operator key ({@code TALLYOP1_...}), sent as {@code Authorization: Bearer <key>} by the
     * requests of {@link TallyClient#operator()}. Without one, the key is read from {@value
     * TallyClient#OPERATOR_KEY_ENV}. Never sent to the Billing API.
     *
     * @param operatorKey a non-blank key
     * @return this builder
     */
    public Builder operatorKey(String operatorKey) {
      this.operatorKey = RequestOptions.Validation.apiKey(operatorKey);
      return this;
    }

    /**
     * The {@code Cc-Version} header: the API version the client is written against. Default {@value
     * TallyClient#DEFAULT_API_VERSION}.
     *
     * @param apiVersion a version such as {@code 2024-09-16}
     * @return this builder
     */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = RequestOptions.Validation.headerValue("Cc-Version", apiVersion);
      return this;
    }

    /**
     * How long to wait for a connection; default 10 s. Only for the {@link HttpClient} the SDK
     * makes: setting it together with {@link #httpClient} fails in {@link #build()}.
     *
     * @param connectTimeout a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = RequestOptions.Validation.positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * The timeout of each attempt, from sending the request until the response arrives; default 60
     * s. A retried request may take longer in all.
     *
     * @param requestTimeout a positive duration
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = RequestOptions.Validation.positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Names the application in the {@code User-Agent} header, which becomes {@code <prefix>
     * tally-java/<version>}; without it, just {@code tally-java/<version>}.
     *
     * @param userAgentPrefix product tokens such as {@code acme-billing/2.1}
     * @return this builder
     */
    public Builder userAgentPrefix(String userAgentPrefix) {
      this.userAgentPrefix =
          RequestOptions.Validation.headerValue("User-Agent", userAgentPrefix).strip();
      return this;
    }

    /**
     * An {@link HttpClient} to use instead of making one, for its proxy, TLS, executor or HTTP
     * version settings. The SDK never closes it; set its connect timeout on it.
     *
     * @param httpClient the client to send with
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * How many times a failed attempt is retried (see the class documentation for which failures);
     * default {@value TallyClient#DEFAULT_MAX_RETRIES}, 0 turns retries off.
     *
     * @param maxRetries from 0 to {@value TallyClient#MAX_RETRIES_LIMIT}
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = RequestOptions.Validation.retries(maxRetries);
      return this;
    }

    /** Test hook: where environment variables are read from, instead of {@link System#getenv}. */
    Builder environment(UnaryOperator<String> environment) {
      this.environment = Objects.requireNonNull(environment);
      return this;
    }

    /** Test hook: what waits between attempts. */
    Builder sleeper(Sleeper sleeper) {
      this.retryPolicy = retryPolicy.withSleeper(sleeper);
      return this;
    }

    /** Test hook: the clock {@code Retry-After} dates are measured against. */
    Builder clock(Clock clock) {
      this.retryPolicy = retryPolicy.withClock(clock);
      return this;
    }

    /** Test hook: the uniform {@code [0, 1)} draw of the backoff jitter. */
    Builder jitter(DoubleSupplier jitter) {
      this.retryPolicy = retryPolicy.withJitter(jitter);
      return this;
    }

    /**
     * Makes the client.
     *
     * @return a new client
     * @throws IllegalStateException if both {@link #httpClient} and {@link #connectTimeout} were
     *     set
     */
    public TallyClient build() {
      if (httpClient != null && connectTimeout != null) {
        throw new IllegalStateException(
            "connectTimeout applies only to the HttpClient the SDK makes; set it on your HttpClient");
      }
      String key = apiKey != null ? apiKey : keyFromEnvironment(API_KEY_ENV, FALLBACK_API_KEY_ENV);
      String opKey = operatorKey != null ? operatorKey : keyFromEnvironment(OPERATOR_KEY_ENV);
      String sdk = "tally-java/" + SdkVersion.VERSION;
      String userAgent = userAgentPrefix == null ? sdk : userAgentPrefix + " " + sdk;
      boolean owns = httpClient == null;
      HttpClient http =
          owns
              ? HttpClient.newBuilder()
                  .connectTimeout(
                      Objects.requireNonNullElse(connectTimeout, DEFAULT_CONNECT_TIMEOUT))
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build()
              : httpClient;
      return new TallyClient(
          new HttpCaller(
              http,
              owns,
              baseUrl,
              key,
              opKey,
              apiVersion,
              userAgent,
              requestTimeout,
              maxRetries,
              retryPolicy));
    }

    private String keyFromEnvironment(String... names) {
      for (String name : names) {
        String value = environment.apply(name);
        if (value != null && !value.isBlank()) {
          try {
            return RequestOptions.Validation.apiKey(value);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "environment variable " + name + ": " + e.getMessage());
          }
        }
      }
      return null;
    }
  }
}
