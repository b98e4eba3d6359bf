package io.sluice.operators.core;

import io.sluice.api.plan.FilterNode;
import io.sluice.api.plan.FlatMapNode;
import io.sluice.api.plan.FusedMapNode;
import io.sluice.api.plan.MapBatchesNode;
import io.sluice.api.plan.MapNode;
import io.sluice.api.plan.MapRowsNode;
import io.sluice.api.plan.RenameNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates each logical map node into the {@link UdfFactory} the executor runs, one translator
 * per node type. Every factory's instances follow the {@link io.sluice.api.udf.BatchUdf} ownership
 * rules and report failures as {@link io.sluice.api.OperatorException}s naming the stage (for row
 * functions, with the offending row). Output batches are checked against the declared output schema,
 * or against the first batch's schema when none is declared.
 *
 * <p>Zero-row outputs: a zero-row batch is never schema-checked, and a row stage without a declared
 * schema that has produced no row yet returns a zero-row batch <em>without columns</em>. Callers
 * should drop zero-row batches rather than pass them downstream.
 *
 * <p>The factories hold only the node's functions and schemas (not its input plan), and are
 * serializable when those are.
 */
public final class MapStages {

  private MapStages() {}

  /** The factory for {@code node}: a map, flatMap, filter, select, rename, mapBatches or fused map. */
  public static UdfFactory toUdfFactory(MapNode node) {
    return translate(node, null);
  }

  private static StageFactory translate(MapNode node, String label) {
    if (node instanceof MapBatchesNode m) {
      return new MapBatchesStage(label, m.udf());
    } else if (node instanceof MapRowsNode m) {
      return FlatMapStage.map(m.name(), label, m.fn(), m.declared());
    } else if (node instanceof FlatMapNode f) {
      return FlatMapStage.flatMap(f.name(), label, f.fn(), f.declared());
    } else if (node instanceof FilterNode f) {
      return new FilterStage(f.name(), label, f.predicate());
    } else if (node instanceof SelectNode s) {
      return new SelectStage(s.name(), label, s.columns());
    } else if (node instanceof RenameNode r) {
      return new RenameStage(r.name(), label, r.renames());
    } else if (node instanceof FusedMapNode f) {
      if (label != null) {
        throw new IllegalArgumentException("nested fused map: " + f);
      }
      String name = f.name();
      List<StageFactory> stages = new ArrayList<>();
      for (int i = 0; i < f.stages().size(); i++) {
        MapNode stage = f.stages().get(i);
        stages.add(translate(stage, stage.name() + " (stage " + (i + 1) + " of " + name + ")"));
      }
      return new FusedStage(name, stages);
    }
    throw new IllegalArgumentException("no translator for map node " + node.getClass().getName() + ": " + node);
  }
}
