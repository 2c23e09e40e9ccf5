package dev.tally.cli;

import dev.tally.cli.format.Table;
import dev.tally.server.Stores;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.auth.ServiceAccount;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "service-accounts", mixinStandardHelpOptions = true,
    description = "Create and list service accounts; grant and revoke their roles.",
    subcommands = {ServiceAccountsCommand.Create.class, ServiceAccountsCommand.ListAccounts.class,
        ServiceAccountsCommand.Grant.class, ServiceAccountsCommand.Revoke.class})
final class ServiceAccountsCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a service account; prints its id.")
  static final class Create extends OperatorCommand {
    @Option(names = "--org", required = true, description = "The organization id.") String org;
    @Parameters(index = "0", paramLabel = "NAME", description = "The account's name.") String name;

    @Override
    public Integer call() {
      try (Stores stores = database.open()) {
        out().println(stores.serviceAccounts().create(org, name).id());
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List an organization's service accounts and their roles.")
  static final class ListAccounts extends OperatorCommand {
    @Option(names = "--org", required = true, description = "The organization id.") String org;

    @Override
    public Integer call() {
      try (Stores stores = database.open()) {
        Table table = new Table("ID", "NAME", "ROLES");
        for (ServiceAccount account : stores.serviceAccounts().list(org)) {
          table.row(account.id(), account.name(), String.join("; ",
              stores.serviceAccounts().grants(account.id()).stream().map(RoleGrant::toString).toList()));
        }
        out().print(table.render());
        return ExitCode.OK;
      }
    }
  }

  /** Where a role applies: the account's organization unless a cluster or folder is named. */
  static final class Scope {
    @Option(names = "--cluster", paramLabel = "CLUSTER_ID", description = "Grant on one cluster.") String cluster;
    @Option(names = "--folder", paramLabel = "FOLDER_ID", description = "Grant on one folder.") String folder;
  }

  static RoleGrant grantOf(Stores stores, String accountId, Role role, Scope scope) {
    if (scope != null && scope.cluster != null) {
      return new RoleGrant(role, ResourceType.CLUSTER, scope.cluster);
    }
    if (scope != null && scope.folder != null) {
      return new RoleGrant(role, ResourceType.FOLDER, scope.folder);
    }
    return new RoleGrant(role, ResourceType.ORGANIZATION, stores.serviceAccounts().require(accountId).organizationId());
  }

  @Command(name = "grant", mixinStandardHelpOptions = true,
      description = "Grant a role, at the organization scope unless --cluster or --folder is given.")
  static final class Grant extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "ACCOUNT_ID", description = "The service account id.") String account;
    @Parameters(index = "1", paramLabel = "ROLE", description = "One of: ${COMPLETION-CANDIDATES}.") Role role;
    @ArgGroup(exclusive = true) Scope scope;

    @Override
    public Integer call() {
      try (Stores stores = database.open()) {
        RoleGrant grant = stores.serviceAccounts().grant(account, grantOf(stores, account, role, scope));
        out().println("granted " + grant);
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a role grant.")
  static final class Revoke extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "ACCOUNT_ID", description = "The service account id.") String account;
    @Parameters(index = "1", paramLabel = "ROLE", description = "One of: ${COMPLETION-CANDIDATES}.") Role role;
    @ArgGroup(exclusive = true) Scope scope;

    @Override
    public Integer call() {
      try (Stores stores = database.open()) {
        RoleGrant grant = grantOf(stores, account, role, scope);
        stores.serviceAccounts().revoke(account, grant);
        out().println("revoked " + grant);
        return ExitCode.OK;
      }
    }
  }
}
