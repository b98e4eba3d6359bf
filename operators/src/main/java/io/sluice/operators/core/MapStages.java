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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates each logical map node into the {@link UdfFactory} the executor runs, one translator
 * per node type. Every factory's instances follow the {@link io.sluice.api.udf.BatchUdf} ownership
 * rules and report failures as {@link io.sluice.api.OperatorException}s naming the stage (for row
 * functions, with the offending row). Output batches are checked against the declared output
 * schema, or against the first batch's schema when none is declared.
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

  /**
   * The factory for {@code node}: a map, flatMap, filter, select, rename, mapBatches or fused map.
   */
  public static UdfFactory toUdfFactory(MapNode node) {
    return translate(node, null);
  }

  /**
   * Builds the stage of one map node type; {@code label} names it inside a fused map, else null.
   */
  @FunctionalInterface
  private interface Translator<N extends MapNode> {
    StageFactory translate(N node, String label);
  }

  /** One translator per map node type, found by the node's class. */
  private static final Map<Class<? extends MapNode>, Translator<? extends MapNode>> TRANSLATORS =
      translators();

  private static Map<Class<? extends MapNode>, Translator<? extends MapNode>> translators() {
    Map<Class<? extends MapNode>, Translator<? extends MapNode>> t = new HashMap<>();
    put(t, MapBatchesNode.class, (m, label) -> new MapBatchesStage(label, m.udf()));
    put(
        t,
        MapRowsNode.class,
        (m, label) -> FlatMapStage.map(m.name(), label, m.fn(), m.declared()));
    put(
        t,
        FlatMapNode.class,
        (f, label) -> FlatMapStage.flatMap(f.name(), label, f.fn(), f.declared()));
    put(t, FilterNode.class, (f, label) -> new FilterStage(f.name(), label, f.predicate()));
    put(t, SelectNode.class, (s, label) -> new SelectStage(s.name(), label, s.columns()));
    put(t, RenameNode.class, (r, label) -> new RenameStage(r.name(), label, r.renames()));
    put(t, FusedMapNode.class, MapStages::fused);
    return Map.copyOf(t);
  }

  private static <N extends MapNode> void put(
      Map<Class<? extends MapNode>, Translator<? extends MapNode>> t,
      Class<N> type,
      Translator<N> translator) {
    t.put(type, translator);
  }

  @SuppressWarnings("unchecked")
  private static StageFactory translate(MapNode node, String label) {
    Translator<MapNode> t = (Translator<MapNode>) TRANSLATORS.get(node.getClass());
    if (t == null) {
      throw new IllegalArgumentException(
          "no translator for map node " + node.getClass().getName() + ": " + node);
    }
    return t.translate(node, label);
  }

  private static StageFactory fused(FusedMapNode f, String label) {
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
}
