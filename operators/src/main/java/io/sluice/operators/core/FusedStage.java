package io.sluice.operators.core;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Fused map stages run as one UDF: each batch passes through every stage in order. An intermediate
 * batch is closed as soon as the next stage has returned (unless that stage returned it unchanged),
 * so at most two batches of the chain are alive at once. A zero-row intermediate without columns (a
 * row stage whose schema is not known yet) ends the chain early.
 */
final class FusedStage extends StageFactory {

  private static final long serialVersionUID = 1L;

  private final List<StageFactory> stages;

  FusedStage(String name, List<StageFactory> stages) {
    super(name, name);
    this.stages = List.copyOf(stages);
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    Schema s = input;
    for (StageFactory stage : stages) {
      Optional<Schema> next = stage.outputSchema(s);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      s = next.get();
    }
    return Optional.of(s);
  }

  @Override
  public BatchUdf create(UdfContext context) throws Exception {
    List<BatchUdf> instances = new ArrayList<>(stages.size());
    try {
      for (StageFactory stage : stages) {
        instances.add(stage.create(context));
      }
    } catch (Exception | Error e) {
      closeAll(instances, e);
      throw e;
    }
    return new Chain(instances);
  }

  /**
   * Closes every instance; the first failure is thrown (or added to {@code primary}), the rest
   * suppressed.
   */
  private static void closeAll(List<BatchUdf> instances, Throwable primary) throws Exception {
    Exception first = null;
    for (BatchUdf udf : instances) {
      try {
        udf.close();
      } catch (Exception e) {
        if (primary != null) {
          primary.addSuppressed(e);
        } else if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static final class Chain implements BatchUdf {
    private final List<BatchUdf> instances;

    Chain(List<BatchUdf> instances) {
      this.instances = instances;
    }

    @Override
    public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator)
        throws Exception {
      VectorSchemaRoot current = input;
      try {
        for (BatchUdf udf : instances) {
          if (current != input
              && current.getRowCount() == 0
              && current.getFieldVectors().isEmpty()) {
            break;
          }
          VectorSchemaRoot next = udf.apply(current, allocator);
          if (current != input && next != current) {
            current.close();
          }
          current = next;
        }
        return current;
      } catch (Exception | Error e) {
        if (current != input) {
          current.close();
        }
        throw e;
      }
    }

    @Override
    public void close() throws Exception {
      closeAll(instances, null);
    }
  }
}
