package dev.tally.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.cli.format.Listing;
import dev.tally.cli.options.ListOutputOption;
import dev.tally.server.Tally;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.auth.ServiceAccount;
import dev.tally.server.store.Transaction;
import java.sql.SQLException;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "service-accounts",
    mixinStandardHelpOptions = true,
    description = "Create and list service accounts; grant and revoke their roles.",
    subcommands = {
      ServiceAccountsCommand.Create.class,
      ServiceAccountsCommand.ListAccounts.class,
      ServiceAccountsCommand.Grant.class,
      ServiceAccountsCommand.Revoke.class
    })
final class ServiceAccountsCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a service account; prints its id.")
  static final class Create extends OperatorCommand {
    @Option(names = "--org", required = true, description = "The organization id.")
    String org;

    @Parameters(index = "0", paramLabel = "NAME", description = "The account's name.")
    String name;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        out()
            .println(
                tally
                    .tx()
                    .write(db -> db.serviceAccounts().create(org, name, tally.clock().instant()))
                    .id());
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List an organization's service accounts and their roles.")
  static final class ListAccounts extends OperatorCommand {
    @Option(names = "--org", required = true, description = "The organization id.")
    String org;

    @Mixin ListOutputOption output;

    /** A role grant in {@code -o json}. */
    record GrantJson(
        Role role,
        @JsonProperty("resource_type") ResourceType resourceType,
        @JsonProperty("resource_id") String resourceId) {}

    /** An account in {@code -o json}, with its grants. */
    record Json(String id, String name, List<GrantJson> roles) {}

    /** An account and its grants. */
    record Listed(ServiceAccount account, List<RoleGrant> grants) {}

    static final Listing<Listed> LISTING =
        new Listing<Listed>(
                "service_accounts",
                l ->
                    new Json(
                        l.account().id(),
                        l.account().name(),
                        l.grants().stream()
                            .map(g -> new GrantJson(g.role(), g.resourceType(), g.resourceId()))
                            .toList()))
            .text("id", l -> l.account().id())
            .text("name", l -> l.account().name())
            .text(
                "roles",
                l -> String.join("; ", l.grants().stream().map(RoleGrant::toString).toList()));

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        List<Listed> accounts =
            tally.tx().read(db -> db.serviceAccounts().list(org)).stream()
                .map(a -> new Listed(a, tally.tx().read(db -> db.serviceAccounts().grants(a.id()))))
                .toList();
        out().print(LISTING.render(output.format(), accounts));
        out().flush();
        return ExitCode.OK;
      }
    }
  }

  /** Where a role applies: the account's organization unless a cluster or folder is named. */
  static final class Scope {
    @Option(names = "--cluster", paramLabel = "CLUSTER_ID", description = "Grant on one cluster.")
    String cluster;

    @Option(names = "--folder", paramLabel = "FOLDER_ID", description = "Grant on one folder.")
    String folder;
  }

  static RoleGrant grantOf(Transaction db, String accountId, Role role, Scope scope)
      throws SQLException {
    if (scope != null && scope.cluster != null) {
      return new RoleGrant(role, ResourceType.CLUSTER, scope.cluster);
    }
    if (scope != null && scope.folder != null) {
      return new RoleGrant(role, ResourceType.FOLDER, scope.folder);
    }
    return new RoleGrant(
        role, ResourceType.ORGANIZATION, db.serviceAccounts().require(accountId).organizationId());
  }

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description =
          "Grant a role, at the organization scope unless --cluster or --folder is given.")
  static final class Grant extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "ACCOUNT_ID", description = "The service account id.")
    String account;

    @Parameters(index = "1", paramLabel = "ROLE", description = "One of: ${COMPLETION-CANDIDATES}.")
    Role role;

    @ArgGroup(exclusive = true)
    Scope scope;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        RoleGrant grant =
            tally
                .tx()
                .write(
                    db -> db.serviceAccounts().grant(account, grantOf(db, account, role, scope)));
        out().println("granted " + grant);
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a role grant.")
  static final class Revoke extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "ACCOUNT_ID", description = "The service account id.")
    String account;

    @Parameters(index = "1", paramLabel = "ROLE", description = "One of: ${COMPLETION-CANDIDATES}.")
    Role role;

    @ArgGroup(exclusive = true)
    Scope scope;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        RoleGrant grant =
            tally
                .tx()
                .write(
                    db -> {
                      RoleGrant revoked = grantOf(db, account, role, scope);
                      db.serviceAccounts().revoke(account, revoked);
                      return revoked;
                    });
        out().println("revoked " + grant);
        return ExitCode.OK;
      }
    }
  }
}
