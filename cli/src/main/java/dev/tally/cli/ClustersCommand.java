package dev.tally.cli;

import dev.tally.cli.format.Listing;
import dev.tally.cli.options.ListOutputOption;
import dev.tally.model.CloudProvider;
import dev.tally.model.Cluster;
import dev.tally.model.Plan;
import dev.tally.model.WireJson;
import dev.tally.server.Tally;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.orgs.IdRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "clusters",
    mixinStandardHelpOptions = true,
    description = "Create, rename and list clusters.",
    subcommands = {
      ClustersCommand.Create.class,
      ClustersCommand.Rename.class,
      ClustersCommand.ListClusters.class
    })
final class ClustersCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Add a cluster to an organization; prints its id.",
        "Either give --name (and optionally plan, cloud, region) or --from-json with a reference Cluster object."
      })
  static final class Create extends OperatorCommand {

    @Option(names = "--org", required = true, description = "The organization id.")
    String org;

    @Option(names = "--name", description = "The cluster name.")
    String name;

    @Option(names = "--id", description = "Cluster id (default: a random UUID).")
    String id;

    @Option(
        names = "--plan",
        defaultValue = "STANDARD",
        description = "BASIC, STANDARD or ADVANCED (default: ${DEFAULT-VALUE}).")
    Plan plan;

    @Option(
        names = "--cloud",
        defaultValue = "GCP",
        description = "GCP, AWS or AZURE (default: ${DEFAULT-VALUE}).")
    CloudProvider cloud;

    @Option(
        names = "--region",
        defaultValue = "us-central1",
        description = "Region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(
        names = "--label",
        paramLabel = "KEY=VALUE",
        description =
            "A label; repeat for more (at most 50). As in CockroachDB Cloud, a key starts with a"
                + " lowercase letter and holds a-z, 0-9, _ and -; a value holds a-z, 0-9 and -;"
                + " each at most 63 characters.")
    Map<String, String> labels;

    @Option(
        names = "--from-json",
        paramLabel = "FILE",
        description = "A reference Cluster object as JSON.")
    Path json;

    @Override
    public Integer call() throws IOException {
      try (Tally tally = database.open()) {
        Cluster cluster;
        if (json != null) {
          cluster = WireJson.mapper().readValue(Files.readString(json), Cluster.class);
        } else {
          if (name == null) {
            throw CliException.invalid("give --name or --from-json");
          }
          if (plan == Plan.UNKNOWN || cloud == CloudProvider.UNKNOWN) {
            throw CliException.invalid("--plan and --cloud take a known value");
          }
          String clusterId = id == null ? IdRules.random() : id;
          cluster =
              new ClusterSpec(
                      clusterId,
                      name,
                      plan,
                      cloud,
                      List.of(region),
                      labels == null ? Map.of() : labels)
                  .toCluster(tally.clock().instant());
        }
        out().println(tally.tx().write(db -> db.clusters().create(org, cluster)).id());
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a cluster.")
  static final class Rename extends OperatorCommand {
    @Option(names = "--org", required = true, description = "The organization id.")
    String org;

    @Option(names = "--id", required = true, description = "The cluster id.")
    String id;

    @Option(names = "--name", required = true, description = "The new name.")
    String name;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        tally.tx().write(db -> db.clusters().rename(org, id, name));
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List an organization's clusters.")
  static final class ListClusters extends OperatorCommand {
    /** In {@code -o json} a cluster is the reference Cluster object, as invoices embed it. */
    static final Listing<Cluster> LISTING =
        new Listing<Cluster>("clusters", c -> c)
            .text("id", Cluster::id)
            .text("name", Cluster::name)
            .text("plan", c -> c.plan().raw())
            .text("cloud", c -> c.cloudProvider().raw())
            .text(
                "regions", c -> String.join(",", c.regions().stream().map(r -> r.name()).toList()));

    @Option(names = "--org", required = true, description = "The organization id.")
    String org;

    @Mixin ListOutputOption output;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        tally.tx().read(db -> db.organizations().require(org));
        out()
            .print(LISTING.render(output.format(), tally.tx().read(db -> db.clusters().list(org))));
        out().flush();
        return ExitCode.OK;
      }
    }
  }
}
