package io.sluice.inference;

import io.sluice.api.PlanException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An ONNX model as the stateful UDF of an actor pool: which tensors come from which columns, which
 * outputs become which new columns, and how sessions are built. Immutable; every option returns a
 * new spec. The output batch is the input columns followed by the bound outputs.
 *
 * <p>Call-order rules (those of {@link UdfFactory}): {@link #outputSchema} validates the model's
 * declared inputs and outputs against the dataset on the driver before the job starts; {@link
 * #create} runs once per actor and leases one session from {@link SessionCache#of(UdfContext)} (one
 * cache per backend).
 *
 * <pre>{@code
 * Onnx.model(MiniLm.FP32)
 *     .input("input_ids", "input_ids").input("attention_mask", "attention_mask")
 *     .input("token_type_ids", "token_type_ids")
 *     .meanPooled("last_hidden_state", "embedding")
 * }</pre>
 */
public final class OnnxModelSpec implements UdfFactory {

  private static final long serialVersionUID = 1L;

  // Not final only so that copy() can edit a fresh copy before it is returned; once returned, a
  // spec never changes (every option below returns a new one).
  ModelSource model;
  List<InputBinding> inputs = List.of();
  List<OutputBinding> outputs = List.of();
  String poolingMask = "attention_mask";
  Provider provider = Provider.AUTO;
  int[] deviceIds = new int[0];
  boolean allowCpuFallback;
  int intraOpThreads;
  OptLevel optLevel = OptLevel.ALL;
  SequenceLength sequenceLength = SequenceLength.dynamic();
  long maxBatchBytes = Long.MAX_VALUE;
  Batching batching = Batching.wholeWindow();
  SessionTuning tuning = SessionTuning.defaults();

  private OnnxModelSpec(ModelSource model) {
    this.model = model;
  }

  static OnnxModelSpec of(ModelSource model) {
    return new OnnxModelSpec(model);
  }

  /** A copy of this spec with {@code edit} applied to it. */
  private OnnxModelSpec copy(Consumer<OnnxModelSpec> edit) {
    OnnxModelSpec c = new OnnxModelSpec(model);
    c.inputs = inputs;
    c.outputs = outputs;
    c.poolingMask = poolingMask;
    c.provider = provider;
    c.deviceIds = deviceIds;
    c.allowCpuFallback = allowCpuFallback;
    c.intraOpThreads = intraOpThreads;
    c.optLevel = optLevel;
    c.sequenceLength = sequenceLength;
    c.maxBatchBytes = maxBatchBytes;
    c.batching = batching;
    c.tuning = tuning;
    edit.accept(c);
    return c;
  }

  /** Feeds model input {@code tensor} from column {@code column} (a list or fixed-size list). */
  public OnnxModelSpec input(String tensor, String column) {
    List<InputBinding> in = new ArrayList<>(inputs);
    in.removeIf(b -> b.tensor().equals(tensor));
    in.add(new InputBinding(tensor, column));
    return copy(c -> c.inputs = List.copyOf(in));
  }

  /** Feeds each named model input from the column of the same name. */
  public OnnxModelSpec inputs(String... tensorsAndColumns) {
    OnnxModelSpec s = this;
    for (String t : tensorsAndColumns) {
      s = s.input(t, t);
    }
    return s;
  }

  /**
   * Model output {@code tensor} becomes column {@code column}: {@code [batch]} a float32 (or int64)
   * scalar, {@code [batch, d]} a {@code fixed_size_list<float32>[d]}, {@code [batch, seq, d]} a
   * {@code list<fixed_size_list<float32>[d]>} with one entry per token of the row.
   */
  public OnnxModelSpec output(String tensor, String column) {
    return addOutput(new OutputBinding(tensor, column, false));
  }

  /**
   * Model output {@code tensor} ({@code [batch, seq, dim]}) mean-pooled over the attention mask and
   * L2-normalised, as a {@code fixed_size_list<float32>[dim]} column: sentence-transformers'
   * pooling, done on the output tensor directly. Null input rows give null vectors.
   */
  public OnnxModelSpec meanPooled(String tensor, String column) {
    return addOutput(new OutputBinding(tensor, column, true));
  }

  private OnnxModelSpec addOutput(OutputBinding binding) {
    List<OutputBinding> out = new ArrayList<>(outputs);
    out.removeIf(b -> b.column().equals(binding.column()));
    out.add(binding);
    return copy(c -> c.outputs = List.copyOf(out));
  }

  /** The model input whose values weight mean pooling (default {@code attention_mask}). */
  public OnnxModelSpec poolingMask(String inputTensor) {
    return copy(c -> c.poolingMask = inputTensor);
  }

  /** Run on the CPU even on actors that hold GPUs. */
  public OnnxModelSpec cpu() {
    return copy(
        c -> {
          c.provider = Provider.CPU;
          c.deviceIds = new int[0];
        });
  }

  /**
   * Run on CUDA. Each actor uses the GPU id the executor pinned it to; without one, actor {@code i}
   * uses {@code deviceIds[i % n]} (device 0 when none are given).
   */
  public OnnxModelSpec cuda(int... deviceIds) {
    int[] ids = deviceIds.clone();
    return copy(
        c -> {
          c.provider = Provider.CUDA;
          c.deviceIds = ids;
        });
  }

  /** When CUDA cannot load: fall back to the CPU, logging once, instead of failing the job. */
  public OnnxModelSpec allowCpuFallback(boolean allow) {
    return copy(c -> c.allowCpuFallback = allow);
  }

  /** ORT intra-op threads per session; by default the actor's {@code cpus} request (at least 1). */
  public OnnxModelSpec intraOpThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + threads);
    }
    return copy(c -> c.intraOpThreads = threads);
  }

  /** Graph optimisation level (default {@link OptLevel#ALL}). */
  public OnnxModelSpec optimization(OptLevel level) {
    return copy(c -> c.optLevel = level);
  }

  /** Token-dimension policy (default {@link SequenceLength#dynamic()}). */
  public OnnxModelSpec sequenceLength(SequenceLength policy) {
    return copy(c -> c.sequenceLength = policy);
  }

  /**
   * Upper bound on one batch's tensor bytes (inputs + outputs); a bigger batch fails with a message
   * suggesting a smaller batch size instead of exhausting memory. Default: no bound.
   */
  public OnnxModelSpec maxBatchBytes(long bytes) {
    return copy(c -> c.maxBatchBytes = bytes);
  }

  /**
   * How each input batch (the window, {@code Compute.actors(..).batchSize(n)} rows) is cut into
   * model batches; see {@link Batching}. Default {@link Batching#wholeWindow()}: one model call per
   * input batch. {@link MiniLm#embedder} uses {@link Batching#lengthAware}(64).
   */
  public OnnxModelSpec batching(Batching b) {
    return copy(c -> c.batching = b);
  }

  /**
   * Rows per model call within a window (0 = the whole window); keeps the other batching settings.
   */
  public OnnxModelSpec modelBatchSize(int rows) {
    return batching(batching.withModelBatchSize(rows));
  }

  /**
   * Sort each window's rows by token length before cutting model batches (outputs keep row order).
   */
  public OnnxModelSpec lengthAware(boolean on) {
    return batching(batching.withLengthAware(on));
  }

  /** Bound each model batch by rows x padded length as well as by rows (0 = no bound). */
  public OnnxModelSpec maxTokensPerBatch(long tokens) {
    return batching(batching.withMaxTokensPerBatch(tokens));
  }

  /** Prepare and convert tensors on a helper thread while the session runs (double buffering). */
  public OnnxModelSpec overlap(boolean on) {
    return batching(batching.withOverlap(on));
  }

  /**
   * ONNX Runtime CPU session options (arena, spinning, shared thread pool); see {@link
   * SessionTuning}.
   */
  public OnnxModelSpec tuning(SessionTuning t) {
    return copy(c -> c.tuning = t);
  }

  /** ORT's CPU memory arena on (default) or off; see {@link SessionTuning#memoryArena()}. */
  public OnnxModelSpec memoryArena(boolean on) {
    return tuning(tuning.withMemoryArena(on));
  }

  /**
   * Run on the environment's global thread pool ({@code disablePerSessionThreads}); the program
   * must call {@link OrtEnv#useGlobalThreadPool} before loading any model. See {@link CpuLayout}.
   */
  public OnnxModelSpec sharedThreadPool(boolean on) {
    return tuning(tuning.withSharedThreadPool(on));
  }

  public Batching batching() {
    return batching;
  }

  public SessionTuning tuning() {
    return tuning;
  }

  public int intraOpThreads() {
    return intraOpThreads;
  }

  public ModelSource model() {
    return model;
  }

  public List<InputBinding> inputs() {
    return inputs;
  }

  public List<OutputBinding> outputs() {
    return outputs;
  }

  @Override
  public String name() {
    return "Onnx(" + model.shortName() + ")";
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    if (tuning.sharedThreadPool() && OrtEnv.globalThreadPoolSize() == 0) {
      throw new PlanException(
          name()
              + ": sharedThreadPool(true) needs ONNX Runtime's global thread"
              + " pool; call OrtEnv.useGlobalThreadPool(cores) at program start, before any model is loaded");
    }
    return Optional.of(SpecValidator.validate(this, ModelMetadata.of(model), input));
  }

  @Override
  public BatchUdf create(UdfContext context) {
    ModelMetadata metadata = ModelMetadata.of(model);
    Device device = device(context);
    int threads =
        intraOpThreads > 0 ? intraOpThreads : Math.max(1, (int) Math.round(context.cpus()));
    int replica = device.isCuda() ? 0 : context.workerIndex();
    SessionKey key =
        new SessionKey(
            model.identity(), model, device, allowCpuFallback, threads, optLevel, tuning, replica);
    SessionLease lease = SessionCache.of(context).acquire(key);
    try {
      return new OnnxUdf(this, metadata, lease);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  /** The device this actor asks for: the executor's pinned GPU, the spec's ids, or the CPU. */
  Device device(UdfContext context) {
    int[] pinned = context.gpuIds();
    boolean wantCuda =
        provider == Provider.CUDA || (provider == Provider.AUTO && pinned.length > 0);
    if (!wantCuda) {
      return Device.CPU;
    }
    if (pinned.length > 0) {
      return Device.cuda(pinned[0]);
    }
    return Device.cuda(
        deviceIds.length == 0 ? 0 : deviceIds[context.workerIndex() % deviceIds.length]);
  }

  @Override
  public String toString() {
    return name()
        + "{inputs="
        + inputs
        + ", outputs="
        + outputs
        + ", provider="
        + provider
        + (deviceIds.length > 0 ? Arrays.toString(deviceIds) : "")
        + ", fallback="
        + allowCpuFallback
        + ", threads="
        + (intraOpThreads > 0 ? intraOpThreads : "cpus")
        + ", opt="
        + optLevel
        + ", seq="
        + sequenceLength
        + ", batching="
        + batching
        + ", "
        + tuning
        + "}";
  }
}
