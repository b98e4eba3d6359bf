package io.sluice.benchmarks.jmh;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import io.sluice.inference.InputBinding;
import io.sluice.inference.SequenceLength;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Arrow -> tensor: gpu-inference's {@code InputTensors} turning one model batch of the tokenizer's
 * three {@code list<int64>} columns into padded {@code [rows, length]} int64 tensors. The class is
 * package-private (an implementation detail of the model loop), so it is reached by reflection once
 * in setup; the timed calls go through method handles. Score: batches per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ArrowToTensorBench {

  private static final List<String> COLUMNS =
      List.of("input_ids", "attention_mask", "token_type_ids");

  @Param({"64"})
  public int rows;

  @Param({"40", "256"})
  public int tokens;

  private BufferAllocator allocator;
  private VectorSchemaRoot root;
  private Object tensors;
  private MethodHandle prepare;
  private MethodHandle toTensors;
  private OrtEnvironment env;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    allocator = new RootAllocator();
    root = VectorSchemaRoot.of(COLUMNS.stream().map(this::column).toArray(ListVector[]::new));
    root.setRowCount(rows);
    Class<?> specClass = Class.forName("io.sluice.inference.TensorSpec");
    Constructor<?> spec =
        specClass.getDeclaredConstructor(
            String.class, OnnxJavaType.class, long[].class, String[].class);
    spec.setAccessible(true);
    Map<String, Object> specs = new HashMap<>();
    for (String c : COLUMNS) {
      specs.put(
          c,
          spec.newInstance(
              c, OnnxJavaType.INT64, new long[] {-1, -1}, new String[] {"batch", "sequence"}));
    }
    Class<?> inputs = Class.forName("io.sluice.inference.InputTensors");
    Constructor<?> ctor =
        inputs.getDeclaredConstructor(String.class, List.class, Map.class, SequenceLength.class);
    ctor.setAccessible(true);
    tensors =
        ctor.newInstance(
            "minilm",
            COLUMNS.stream().map(c -> new InputBinding(c, c)).toList(),
            specs,
            SequenceLength.dynamic());
    Method p = inputs.getDeclaredMethod("prepare", VectorSchemaRoot.class);
    p.setAccessible(true);
    Method t = inputs.getDeclaredMethod("tensors", OrtEnvironment.class, VectorSchemaRoot.class);
    t.setAccessible(true);
    prepare = MethodHandles.lookup().unreflect(p);
    toTensors = MethodHandles.lookup().unreflect(t);
    env = OrtEnvironment.getEnvironment();
  }

  private ListVector column(String name) {
    ListVector v = ListVector.empty(name, allocator);
    UnionListWriter w = v.getWriter();
    SplittableRandom random = new SplittableRandom(3);
    for (int r = 0; r < rows; r++) {
      w.setPosition(r);
      w.startList();
      int n = 1 + random.nextInt(tokens);
      for (int i = 0; i < n; i++) {
        w.bigInt().writeBigInt(name.equals("input_ids") ? random.nextInt(30_000) : 1);
      }
      w.endList();
    }
    v.setValueCount(rows);
    return v;
  }

  @Benchmark
  @SuppressWarnings("unchecked")
  public long convert() throws Throwable {
    int length = (int) prepare.invoke(tensors, root);
    Map<String, OnnxTensor> out = (Map<String, OnnxTensor>) toTensors.invoke(tensors, env, root);
    long sum = length;
    for (OnnxTensor t : out.values()) {
      sum += t.getInfo().getShape()[1];
      t.close();
    }
    return sum;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    root.close();
    allocator.close();
  }

  /** Keeps the unused-import checker quiet about the vector type the writer fills. */
  static Class<?> valueType() {
    return BigIntVector.class;
  }
}
