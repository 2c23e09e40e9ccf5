package dev.tally.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.Cluster;
import dev.tally.model.Plan;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic metered usage for the demo clusters: one event per cluster, SKU and day, with growth
 * over the year and quieter weekends. Event ids are derived from what they measure, so seeding
 * twice counts nothing twice.
 */
final class DemoUsage {

  private DemoUsage() {}

  /** Events for every day from {@code from} up to {@code now}, the last one no later than now. */
  static List<JsonNode> events(
      String organizationId, List<Cluster> clusters, LocalDate from, Instant now) {
    List<JsonNode> events = new ArrayList<>();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (Cluster cluster : clusters) {
      Random random = new Random(cluster.id().hashCode());
      for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
        Instant at =
            day.equals(today) ? now.minusSeconds(60) : day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        if (at.isBefore(day.atStartOfDay().toInstant(ZoneOffset.UTC))) {
          continue;
        }
        double growth = 1 + 0.04 * (day.toEpochDay() - from.toEpochDay()) / 30.0;
        boolean weekend =
            day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        double load = growth * (weekend ? 0.6 : 1.0) * (0.9 + 0.2 * random.nextDouble());
        // Today counts only the whole hours gone by: a draft is usage so far, not the day ahead.
        long hours =
            day.equals(today)
                ? java.time.Duration.between(day.atStartOfDay().toInstant(ZoneOffset.UTC), now)
                    .toHours()
                : 24;
        if (hours == 0) {
          continue;
        }
        for (Measure m : measures(cluster, load, hours)) {
          ObjectNode e = JsonNodeFactory.instance.objectNode();
          e.put("event_id", "demo-" + cluster.name() + "-" + m.sku() + "-" + day);
          e.put("organization_id", organizationId);
          e.put("cluster_id", cluster.id());
          e.put("sku", m.sku());
          e.put("quantity", m.quantity().toPlainString());
          e.put("timestamp", at.toString());
          events.add(e);
        }
      }
    }
    return events;
  }

  private record Measure(String sku, BigDecimal quantity) {}

  /** One day's usage over {@code hours} of it (24 for a whole day). */
  private static List<Measure> measures(Cluster cluster, double load, long hours) {
    double share = hours / 24.0;
    if (cluster.plan().is(Plan.ADVANCED)) {
      int nodes = cluster.regions().stream().mapToInt(r -> r.nodeCount()).sum();
      return List.of(
          new Measure("dedicated.node.4vcpu_16gib", BigDecimal.valueOf(nodes * hours)),
          new Measure("dedicated.storage", scaled(nodes * 150 * hours * Math.min(load, 1.5), 0)),
          new Measure("data_transfer.cross_region", scaled(8 * load * share, 3)));
    }
    if (cluster.plan().is(Plan.STANDARD)) {
      return List.of(
          new Measure("standard.compute", BigDecimal.valueOf(4 * hours)),
          new Measure("standard.storage", scaled(40 * hours * load, 0)),
          new Measure("data_transfer.internet_egress", scaled(2.5 * load * share, 3)));
    }
    return List.of(
        new Measure("basic.request_units", scaled(1_200_000 * load * share, 0)),
        new Measure("basic.storage", scaled(6 * hours * load, 0)));
  }

  private static BigDecimal scaled(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
  }
}
