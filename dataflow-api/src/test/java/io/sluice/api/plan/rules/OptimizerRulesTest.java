package io.sluice.api.plan.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Compute;
import io.sluice.api.PlanException;
import io.sluice.api.plan.FilterNode;
import io.sluice.api.plan.FusedMapNode;
import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.MapBatchesNode;
import io.sluice.api.plan.MapNode;
import io.sluice.api.plan.MapRowsNode;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.plan.RenameNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.source.RangeSource;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerRulesTest {

  private static final ReadNode READ = new ReadNode(new FakeSource());
  private static final Compute TASKS = Compute.tasks();

  private static FilterNode filter(LogicalNode in) {
    return new FilterNode(in, r -> true, TASKS);
  }

  private static MapRowsNode map(LogicalNode in) {
    return new MapRowsNode(in, r -> r, TASKS, null);
  }

  private static LogicalNode optimize(LogicalNode plan) {
    return Optimizer.defaults().optimize(plan);
  }

  @Test
  void fusesAdjacentStatelessMapsWithEqualCompute() {
    FilterNode f = filter(READ);
    MapRowsNode m = map(f);
    FilterNode f2 = filter(m);
    LogicalNode out = optimize(f2);
    assertThat(out).isInstanceOf(FusedMapNode.class);
    FusedMapNode fused = (FusedMapNode) out;
    assertThat(fused.input()).isSameAs(READ);
    assertThat(fused.stages()).hasSize(3);
    assertThat(((FilterNode) fused.stages().get(0)).predicate()).isSameAs(f.predicate());
    assertThat(((MapRowsNode) fused.stages().get(1)).fn()).isSameAs(m.fn());
    assertThat(((FilterNode) fused.stages().get(2)).predicate()).isSameAs(f2.predicate());
    assertThat(fused.name()).isEqualTo("Filter->Map->Filter");
  }

  @Test
  void doesNotFuseActorsOrDifferentCompute() {
    MapBatchesNode actor =
        new MapBatchesNode(filter(READ), UdfFactory.of("Model", (b, a) -> b), Compute.actors(2));
    LogicalNode out = optimize(filter(actor));
    assertThat(out).isInstanceOf(FilterNode.class);
    assertThat(((FilterNode) out).input()).isInstanceOf(MapBatchesNode.class);

    FilterNode twoCpus = new FilterNode(filter(READ), r -> true, Compute.tasks().cpus(2));
    assertThat(optimize(twoCpus)).isInstanceOf(FilterNode.class);
    assertThat(new FuseStatelessMaps().rewrite(READ)).isEmpty();
  }

  @Test
  void pushesSelectIntoProjectableRead() {
    LogicalNode out = optimize(new SelectNode(READ, List.of("score", "id")));
    assertThat(out).isInstanceOf(ReadNode.class);
    assertThat(((FakeSource) ((ReadNode) out).source()).columns()).containsExactly("score", "id");
  }

  @Test
  void selectOfMissingColumnFailsNamingIt() {
    assertThatThrownBy(() -> optimize(new SelectNode(READ, List.of("nope"))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("[id, text, score]");
  }

  @Test
  void selectOverNonProjectableSourceStays() {
    ReadNode range = new ReadNode(new RangeSource(10, 1));
    assertThat(new PushProjectionIntoRead().rewrite(new SelectNode(range, List.of("id"))))
        .isEmpty();
    assertThat(new PushProjectionIntoRead().rewrite(new SelectNode(filter(READ), List.of("id"))))
        .isEmpty();
  }

  @Test
  void limitPushesThroughRowPreservingMapsIntoTheRead() {
    LogicalNode plan =
        new LimitNode(
            new RenameNode(map(new SelectNode(READ, List.of("id"))), Map.of("id", "key")), 5);
    LogicalNode out = optimize(plan);
    // Fused(select? no: select went into the read) map+rename over Limit over Read(limit 5, [id])
    assertThat(out).isInstanceOf(FusedMapNode.class);
    LogicalNode below = ((MapNode) out).input();
    assertThat(below).isInstanceOf(LimitNode.class);
    assertThat(((LimitNode) below).limit()).isEqualTo(5);
    ReadNode read = (ReadNode) ((LimitNode) below).input();
    assertThat(read.pushedLimit()).isEqualTo(5);
    FakeSource src = (FakeSource) read.source();
    assertThat(src.limit()).isEqualTo(5);
    assertThat(src.columns()).containsExactly("id");
  }

  @Test
  void limitStopsAtFiltersAndMergesNestedLimits() {
    LogicalNode out = optimize(new LimitNode(filter(READ), 3));
    assertThat(out).isInstanceOf(LimitNode.class);
    assertThat(((LimitNode) out).input()).isInstanceOf(FilterNode.class);
    assertThat(((ReadNode) ((FilterNode) ((LimitNode) out).input()).input()).pushedLimit())
        .isEqualTo(-1);

    LogicalNode nested = optimize(new LimitNode(new LimitNode(READ, 10), 4));
    assertThat(((LimitNode) nested).limit()).isEqualTo(4);
    assertThat(((FakeSource) ((ReadNode) ((LimitNode) nested).input()).source()).limit())
        .isEqualTo(4);
  }

  @Test
  void limitPushIsIdempotent() {
    LogicalNode once = optimize(new LimitNode(READ, 7));
    assertThat(new PushLimitDown().rewrite(once)).isEmpty();
    LogicalNode looser = new LimitNode(((LimitNode) once).input(), 9);
    assertThat(new PushLimitDown().rewrite(looser)).isEmpty(); // read already limited to 7
  }

  @Test
  void selectOverLimitOverReadIsProjectedToo() {
    LogicalNode out = optimize(new SelectNode(new LimitNode(READ, 2), List.of("text")));
    assertThat(out).isInstanceOf(LimitNode.class);
    FakeSource src = (FakeSource) ((ReadNode) ((LimitNode) out).input()).source();
    assertThat(src.columns()).containsExactly("text");
    assertThat(src.limit()).isEqualTo(2);
  }
}
