package dev.tally.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.cli.format.Listing;
import dev.tally.cli.options.ListOutputOption;
import dev.tally.server.Tally;
import dev.tally.server.auth.ApiKey;
import dev.tally.server.auth.ApiKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "api-keys",
    mixinStandardHelpOptions = true,
    description =
        "Create, revoke and list API keys. A key's secret is printed once, at creation, and never stored.",
    subcommands = {
      ApiKeysCommand.Create.class,
      ApiKeysCommand.Revoke.class,
      ApiKeysCommand.ListKeys.class
    })
final class ApiKeysCommand {

  // The units of every duration setting (ms, s, m, h, d); a key may live longer than 365 days.
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m|h|d)");

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create an API key for a service account.",
        "Prints the key id on stderr and the secret alone on stdout, so it can be captured: KEY=$(tally api-keys create ...)"
      })
  static final class Create extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "ACCOUNT_ID", description = "The service account id.")
    String account;

    @Option(names = "--name", defaultValue = "key", description = "A label for the key.")
    String name;

    @Option(
        names = "--expires-in",
        paramLabel = "DURATION",
        description = "Expire after e.g. 30s, 15m, 12h or 90d (at least 1s).")
    String expiresIn;

    @Option(
        names = "--expires-at",
        paramLabel = "TIME",
        description = "Expire at an RFC 3339 time.")
    String expiresAt;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        Instant expiry = expiry(tally.clock().instant());
        ApiKeys.Created created =
            tally
                .tx()
                .write(db -> db.apiKeys().create(account, name, expiry, tally.clock().instant()));
        err()
            .println(
                "created API key "
                    + created.key().id()
                    + (expiry == null ? "" : ", expiring " + expiry)
                    + "; the secret below is shown only this once");
        out().println(created.token());
        return ExitCode.OK;
      }
    }

    private Instant expiry(Instant now) {
      if (expiresIn != null && expiresAt != null) {
        throw CliException.invalid("give --expires-in or --expires-at, not both");
      }
      if (expiresIn != null) {
        Matcher m = DURATION.matcher(expiresIn.strip());
        Duration life = null;
        if (m.matches()) {
          long n = Long.parseLong(m.group(1));
          life =
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              };
        }
        if (life == null || life.compareTo(Duration.ofSeconds(1)) < 0) {
          throw CliException.invalid(
              "--expires-in takes a duration of at least 1s such as 30s, 15m, 12h or 90d, got '"
                  + expiresIn
                  + "'");
        }
        return now.plus(life);
      }
      if (expiresAt != null) {
        try {
          return java.time.OffsetDateTime.parse(expiresAt).toInstant();
        } catch (DateTimeParseException e) {
          throw CliException.invalid(
              "--expires-at takes an RFC 3339 time such as 2027-01-01T00:00:00Z, got '"
                  + expiresAt
                  + "'");
        }
      }
      return null;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke an API key at once.")
  static final class Revoke extends OperatorCommand {
    @Parameters(
        index = "0",
        paramLabel = "KEY_ID",
        description = "The key id (the middle part of the key).")
    String keyId;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        out()
            .println(
                "revoked "
                    + tally
                        .tx()
                        .write(db -> db.apiKeys().revoke(keyId, tally.clock().instant()))
                        .id());
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List an organization's API keys (never their secrets).")
  static final class ListKeys extends OperatorCommand {
    @Option(names = "--org", required = true, description = "The organization id.")
    String org;

    @Mixin ListOutputOption output;

    /**
     * A key in {@code -o json}: its metadata, never its secret; no {@code expires_at} when it never
     * expires.
     */
    record Json(
        String id,
        @JsonProperty("service_account_id") String serviceAccountId,
        String name,
        String state,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("revoked_at") Instant revokedAt) {}

    /** A key and its state at the time of listing. */
    record Listed(ApiKey key, String state) {}

    static final Listing<Listed> LISTING =
        new Listing<Listed>(
                "api_keys",
                l ->
                    new Json(
                        l.key().id(),
                        l.key().serviceAccountId(),
                        l.key().name(),
                        l.state(),
                        l.key().createdAt(),
                        l.key().expiresAt(),
                        l.key().revokedAt()))
            .text("id", l -> l.key().id())
            .text("service_account", l -> l.key().serviceAccountId())
            .text("name", l -> l.key().name())
            .text("state", Listed::state)
            .text("created", l -> l.key().createdAt().toString())
            .text(
                "expires",
                l -> l.key().expiresAt() == null ? "never" : l.key().expiresAt().toString());

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        tally.tx().read(db -> db.organizations().require(org));
        Instant now = tally.clock().instant();
        out()
            .print(
                LISTING.render(
                    output.format(),
                    tally.tx().read(db -> db.apiKeys().listForOrganization(org)).stream()
                        .map(k -> new Listed(k, k.state(now)))
                        .toList()));
        out().flush();
        return ExitCode.OK;
      }
    }
  }
}
