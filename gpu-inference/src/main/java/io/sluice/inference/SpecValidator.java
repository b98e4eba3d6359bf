package io.sluice.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.sluice.api.PlanException;
import io.sluice.operators.vector.VectorColumns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Plan-time check of a spec against the model's declared tensors and the dataset schema. Every
 * failure is a {@link PlanException} that lists both sides: the model's inputs and outputs with
 * types and shapes, and the dataset's columns.
 */
final class SpecValidator {

  private SpecValidator() {}

  static Schema validate(OnnxModelSpec spec, ModelMetadata model, Schema input) {
    Context c = new Context(spec, model, input);
    checkProvider(c);
    checkInputs(c);
    List<Field> fields = new ArrayList<>(input.getFields());
    if (spec.outputs.isEmpty()) {
      throw c.fail(
          "no outputs are bound; add .output(tensor, column) or .meanPooled(tensor, column)");
    }
    for (OutputBinding out : spec.outputs) {
      fields.add(outputField(c, out));
    }
    return new Schema(fields);
  }

  private static void checkProvider(Context c) {
    if (c.spec.provider == Provider.CUDA
        && !c.spec.allowCpuFallback
        && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      throw c.fail(
          "asked for CUDA, but this ONNX Runtime build has no CUDA execution provider (available: "
              + OrtEnvironment.getAvailableProviders()
              + "). Build with -Pcuda on a machine with CUDA 12 + cuDNN 9,"
              + " allow CPU fallback with .allowCpuFallback(true), or choose .cpu()");
    }
  }

  private static void checkInputs(Context c) {
    Set<String> bound = new HashSet<>();
    for (InputBinding b : c.spec.inputs) {
      TensorSpec t = c.model.inputs().get(b.tensor());
      if (t == null) {
        throw c.fail(
            "input binding '"
                + b.tensor()
                + "' <- column '"
                + b.column()
                + "' names no model input");
      }
      bound.add(b.tensor());
      Field col = c.column(b.column(), "input '" + b.tensor() + "'");
      ArrowType element = listElement(col);
      if (element == null) {
        throw c.fail(
            "model input "
                + t
                + " needs a list column, but column '"
                + b.column()
                + "' is "
                + col.getType());
      }
      if (t.rank() != 2) {
        throw c.fail(
            "model input "
                + t
                + " has rank "
                + t.rank()
                + "; list columns feed rank-2 [batch, length]"
                + " tensors only");
      }
      if (!compatible(t.type(), element)) {
        throw c.fail(
            "model input "
                + t
                + " has element type "
                + t.type()
                + ", but column '"
                + b.column()
                + "' holds "
                + element);
      }
    }
    for (String name : c.model.inputs().keySet()) {
      if (!bound.contains(name)) {
        throw c.fail(
            "model input '"
                + name
                + "' is not bound to a column; add .input(\""
                + name
                + "\", column)");
      }
    }
  }

  private static Field outputField(Context c, OutputBinding out) {
    TensorSpec t = c.model.outputs().get(out.tensor());
    if (t == null) {
      throw c.fail(
          "output binding '"
              + out.tensor()
              + "' -> column '"
              + out.column()
              + "' names no model output");
    }
    if (c.input.getFields().stream().anyMatch(f -> f.getName().equals(out.column()))) {
      throw c.fail(
          "output column '"
              + out.column()
              + "' already exists in the dataset; choose another name");
    }
    if (out.meanPool()) {
      if (t.rank() != 3 || t.dim(2) <= 0 || t.type() != OnnxJavaType.FLOAT) {
        throw c.fail(
            "mean pooling needs a float [batch, seq, dim] output with a fixed dim, but "
                + t
                + " is not");
      }
      if (c.spec.inputs.stream().noneMatch(b -> b.tensor().equals(c.spec.poolingMask))) {
        throw c.fail(
            "mean pooling of '"
                + out.tensor()
                + "' needs the mask input '"
                + c.spec.poolingMask
                + "' to be bound; bind it or set .poolingMask(tensor)");
      }
      return VectorColumns.vectorField(out.column(), (int) t.dim(2));
    }
    if (t.rank() == 1 && t.type() == OnnxJavaType.FLOAT) {
      return new Field(
          out.column(),
          FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
          null);
    }
    if (t.rank() == 1 && t.type() == OnnxJavaType.INT64) {
      return new Field(out.column(), FieldType.nullable(new ArrowType.Int(64, true)), null);
    }
    if (t.type() == OnnxJavaType.FLOAT && t.rank() == 2 && t.dim(1) > 0) {
      return VectorColumns.vectorField(out.column(), (int) t.dim(1));
    }
    if (t.type() == OnnxJavaType.FLOAT && t.rank() == 3 && t.dim(2) > 0) {
      return VectorColumns.tokenVectorsField(out.column(), (int) t.dim(2));
    }
    throw c.fail(
        "output "
            + t
            + " cannot become a column: supported are float/int64 [batch], float [batch, d]"
            + " and float [batch, seq, d] with a fixed d");
  }

  /** The element type of a list or fixed-size-list column, or null for other columns. */
  static ArrowType listElement(Field f) {
    boolean list =
        f.getType() instanceof ArrowType.List || f.getType() instanceof ArrowType.FixedSizeList;
    return list && f.getChildren().size() == 1 ? f.getChildren().get(0).getType() : null;
  }

  private static boolean compatible(OnnxJavaType model, ArrowType element) {
    return switch (model) {
      case INT64 ->
          element.equals(new ArrowType.Int(64, true))
              || element.equals(new ArrowType.Int(32, true));
      case INT32 -> element.equals(new ArrowType.Int(32, true));
      case FLOAT -> element.equals(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
      default -> false;
    };
  }

  private record Context(OnnxModelSpec spec, ModelMetadata model, Schema input) {

    Field column(String name, String what) {
      return input.getFields().stream()
          .filter(f -> f.getName().equals(name))
          .findFirst()
          .orElseThrow(
              () ->
                  fail(
                      what
                          + " is bound to column '"
                          + name
                          + "', which the dataset does not have"));
    }

    PlanException fail(String problem) {
      List<String> cols = new ArrayList<>();
      for (Field f : input.getFields()) {
        cols.add(
            f.getName()
                + ": "
                + f.getType()
                + (f.getChildren().isEmpty() ? "" : "<" + f.getChildren().get(0).getType() + ">"));
      }
      return new PlanException(
          spec.name()
              + " ("
              + spec.model
              + "): "
              + problem
              + ". "
              + model.describe()
              + "; dataset columns "
              + cols);
    }
  }
}
