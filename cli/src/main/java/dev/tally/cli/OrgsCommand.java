package dev.tally.cli;

import dev.tally.cli.format.Table;
import dev.tally.server.Stores;
import dev.tally.server.orgs.Organization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "orgs", mixinStandardHelpOptions = true, description = "Create and list organizations.",
    subcommands = {OrgsCommand.Create.class, OrgsCommand.ListOrgs.class})
final class OrgsCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an organization; prints its id.")
  static final class Create extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The organization's display name.")
    String name;

    @Option(names = "--id", description = "Use this id instead of a random UUID.")
    String id;

    @Override
    public Integer call() {
      try (Stores stores = database.open()) {
        Organization org = id == null
            ? stores.organizations().create(name)
            : stores.organizations().create(id, name, stores.clock().instant());
        out().println(org.id());
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List organizations.")
  static final class ListOrgs extends OperatorCommand {

    @Override
    public Integer call() {
      try (Stores stores = database.open()) {
        Table table = new Table("ID", "NAME", "CREATED");
        stores.organizations().list().forEach(o -> table.row(o.id(), o.name(), o.createdAt().toString()));
        out().print(table.render());
        return ExitCode.OK;
      }
    }
  }
}
