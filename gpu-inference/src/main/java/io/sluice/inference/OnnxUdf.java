package io.sluice.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.api.SluiceException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.vector.ColumnAppender;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One actor's model instance: a session lease plus the reusable tensor buffers. Per batch: size the
 * tensors, fill them from Arrow, run with pinned outputs, convert, append to the input columns.
 * Call-order rules are {@link BatchUdf}'s; {@link #close()} releases the lease (the cached session
 * itself stays for the next job or a restarted actor).
 */
final class OnnxUdf implements BatchUdf {

  private final OnnxModelSpec spec;
  private final SessionLease lease;
  private final InputTensors inputs;
  private final OutputTensors outputs;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();

  OnnxUdf(OnnxModelSpec spec, ModelMetadata metadata, SessionLease lease) {
    this.spec = spec;
    this.lease = lease;
    this.inputs = new InputTensors(spec.model.toString(), spec.inputs, metadata.inputs(), spec.sequenceLength);
    this.outputs = new OutputTensors(spec, metadata);
  }

  /** The device the session runs on (the CPU after a CUDA fallback). */
  Device device() {
    return lease.device();
  }

  @Override
  public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) {
    int rows = input.getRowCount();
    if (rows == 0) {
      return ColumnAppender.append(input, outputs.emptyColumns(allocator), allocator);
    }
    int length = inputs.prepare(input);
    long bytes = inputs.bytes() + outputs.bytes(rows, length);
    String model = spec.model.toString();
    if (bytes > spec.maxBatchBytes) {
      throw InferenceErrors.batchTooLarge(model, lease.device(), rows, length, bytes,
          "more than the spec's maxBatchBytes (" + (spec.maxBatchBytes >> 20) + " MiB)", null);
    }
    List<FieldVector> columns;
    try {
      columns = run(input, allocator, rows, length);
    } catch (OrtException | RuntimeException | OutOfMemoryError e) {
      if (e instanceof SluiceException s) {
        throw s;
      }
      if (InferenceErrors.isAllocationFailure(e)) {
        throw InferenceErrors.batchTooLarge(model, lease.device(), rows, length, bytes,
            "more than could be allocated", e);
      }
      throw InferenceErrors.runFailed(model, lease.device(), rows, length, e);
    }
    return ColumnAppender.append(input, columns, allocator);
  }

  private List<FieldVector> run(VectorSchemaRoot input, BufferAllocator allocator, int rows, int length)
      throws OrtException {
    Map<String, OnnxTensor> feeds = inputs.tensors(env, input);
    try {
      Map<String, OnnxTensor> pinned = outputs.pin(env, rows, length);
      try (OrtSession.Result result = lease.session().run(feeds, outputs.unpinned(), pinned)) {
        return outputs.columns(result, inputs, allocator);
      } finally {
        pinned.values().forEach(OnnxTensor::close);
      }
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    lease.close();
  }
}
