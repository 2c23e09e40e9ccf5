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
          cluster = fromJson(json);
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

  /**
   * The reference Cluster object in {@code file}, a field named twice refused.
   *
   * @throws CliException INVALID_INPUT, in one line, when the file is missing, not UTF-8 or not
   *     such an object (naming the field and the line and column where it went wrong)
   */
  static Cluster fromJson(Path file) throws IOException {
    String text = TextFile.readUtf8(file);
    try {
      return WireJson.mapper()
          .readerFor(Cluster.class)
          .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .readValue(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      StringBuilder message =
          new StringBuilder(file + " is not a reference Cluster object as JSON");
      if (e instanceof com.fasterxml.jackson.databind.JsonMappingException bad
          && !bad.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (var step : bad.getPath()) {
          path.append(path.isEmpty() ? "" : ".")
              .append(
                  step.getFieldName() != null
                      ? step.getFieldName()
                      : String.valueOf(step.getIndex()));
        }
        message.append(": check ").append(dev.tally.model.CallerText.quote(path.toString()));
      }
      if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
        message
            .append(" (line ")
            .append(e.getLocation().getLineNr())
            .append(", column ")
            .append(e.getLocation().getColumnNr())
            .append(')');
      }
      throw CliException.invalid(message.toString());
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
