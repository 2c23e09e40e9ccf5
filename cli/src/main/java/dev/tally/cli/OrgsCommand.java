package dev.tally.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.cli.format.Listing;
import dev.tally.cli.options.ListOutputOption;
import dev.tally.server.Stores;
import dev.tally.server.orgs.Organization;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    /** An organization in {@code -o json}. */
    record Json(String id, String name, @JsonProperty("created_at") Instant createdAt) {}

    static final Listing<Organization> LISTING =
        new Listing<Organization>("organizations", o -> new Json(o.id(), o.name(), o.createdAt()))
            .text("id", Organization::id)
            .text("name", Organization::name)
            .text("created", o -> o.createdAt().toString());

    @Mixin ListOutputOption output;

    @Override
    public Integer call() {
      try (Stores stores = database.open()) {
        out().print(LISTING.render(output.format(), stores.organizations().list()));
        out().flush();
        return ExitCode.OK;
      }
    }
  }
}
