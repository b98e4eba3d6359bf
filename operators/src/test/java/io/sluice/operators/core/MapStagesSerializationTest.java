package io.sluice.operators.core;

import static io.sluice.operators.core.Fixtures.SOURCE;
import static io.sluice.operators.core.Fixtures.TASKS;
import static io.sluice.operators.core.Fixtures.applyOnce;
import static io.sluice.operators.core.Fixtures.batch;
import static io.sluice.operators.core.Fixtures.rows;
import static io.sluice.operators.core.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.plan.FilterNode;
import io.sluice.api.plan.FusedMapNode;
import io.sluice.api.plan.MapNode;
import io.sluice.api.plan.MapRowsNode;
import io.sluice.api.plan.RenameNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.udf.UdfFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Factories hold only functions and schemas, so they can be shipped (e.g. to a Flink task). */
class MapStagesSerializationTest {

  @Test
  void fusedFactorySurvivesJavaSerialization() throws Exception {
    UdfFactory f;
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 1))) {
      f =
          MapStages.toUdfFactory(
              new FusedMapNode(
                  SOURCE,
                  List.<MapNode>of(
                      new SelectNode(SOURCE, List.of("id")),
                      new FilterNode(SOURCE, r -> r.getLong("id") > 2, TASKS),
                      new MapRowsNode(
                          SOURCE,
                          r -> r.with("sq", r.getLong("id") * r.getLong("id")),
                          TASKS,
                          null),
                      new RenameNode(SOURCE, Map.of("sq", "square")))));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    UdfFactory copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (UdfFactory) in.readObject();
    }
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 5));
        VectorSchemaRoot out = applyOnce(copy, in, a)) {
      assertThat(copy.name()).isEqualTo(f.name());
      assertThat(rows(out)).extracting(r -> r.getLong("square")).containsExactly(9L, 16L);
    }
  }
}
