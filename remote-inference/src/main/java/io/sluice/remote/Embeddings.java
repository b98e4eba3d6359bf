package io.sluice.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.PlanException;
import io.sluice.api.SluiceException;
import io.sluice.operators.vector.VectorColumns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code POST /v1/embeddings}: a utf8 column in, a {@code fixed_size_list<float32>[dim]} column out
 * (the project's vector layout, as the ONNX path writes it). Null texts get null vectors.
 *
 * @param inputColumn utf8 text column
 * @param outputColumn vector column written (replaced when it exists)
 * @param dimensions the vector length when known up front (declares the output schema), else 0
 * @param inputsPerRequest texts per request (the API takes an array)
 */
record Embeddings(String inputColumn, String outputColumn, int dimensions, int inputsPerRequest)
    implements RemoteOperation {

  @Override
  public String path() {
    return "/embeddings";
  }

  @Override
  public Field declaredOutputField(Schema input, String stage) {
    Field in =
        input.getFields().stream()
            .filter(f -> f.getName().equals(inputColumn))
            .findFirst()
            .orElseThrow(
                () ->
                    new PlanException(
                        stage
                            + ": input column '"
                            + inputColumn
                            + "' is missing; input columns: "
                            + input.getFields().stream().map(Field::getName).toList()));
    if (!(in.getType() instanceof ArrowType.Utf8)) {
      throw new PlanException(
          stage + ": input column '" + inputColumn + "' must be utf8 text, not " + in.getType());
    }
    return dimensions > 0 ? VectorColumns.vectorField(outputColumn, dimensions) : null;
  }

  @Override
  public String[] inputs(VectorSchemaRoot batch) {
    VarCharVector text = (VarCharVector) batch.getVector(inputColumn);
    String[] out = new String[batch.getRowCount()];
    for (int r = 0; r < out.length; r++) {
      out[r] = text.isNull(r) ? null : new String(text.get(r), StandardCharsets.UTF_8);
    }
    return out;
  }

  @Override
  public int maxInputsPerRequest() {
    return inputsPerRequest;
  }

  @Override
  public byte[] body(List<String> inputs, String model) throws Exception {
    ObjectNode body = RemoteClient.JSON.createObjectNode();
    body.put("model", model);
    if (inputs.size() == 1) {
      body.put("input", inputs.get(0));
    } else {
      ArrayNode arr = body.putArray("input");
      inputs.forEach(arr::add);
    }
    body.put("encoding_format", "float");
    return RemoteClient.JSON.writeValueAsBytes(body);
  }

  @Override
  public List<Object> parse(JsonNode response, int n) {
    JsonNode data = response.path("data");
    if (!data.isArray() || data.size() != n) {
      throw new SluiceException(
          "embeddings response has "
              + (data.isArray() ? data.size() + " entries" : "no data array")
              + " for "
              + n
              + " inputs");
    }
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      JsonNode d = data.get(i);
      int index = d.path("index").asInt(i);
      JsonNode emb = d.path("embedding");
      if (index < 0 || index >= n || !emb.isArray()) {
        throw new SluiceException(
            "embeddings response entry "
                + i
                + " has index "
                + index
                + " and "
                + (emb.isArray() ? "an embedding" : "no embedding array"));
      }
      float[] v = new float[emb.size()];
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) emb.get(k).asDouble();
      }
      out[index] = v;
    }
    return new ArrayList<>(Arrays.asList(out));
  }

  @Override
  public FieldVector column(Object[] values, int rows, BufferAllocator allocator) {
    int dim = dimensions;
    for (int r = 0; r < rows && dim == 0; r++) {
      if (values[r] != null) {
        dim = ((float[]) values[r]).length;
      }
    }
    dim = Math.max(dim, 1);
    float[] flat = new float[rows * dim];
    boolean[] nulls = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      float[] v = (float[]) values[r];
      if (v == null) {
        nulls[r] = true;
        continue;
      }
      if (v.length != dim) {
        throw new SluiceException(
            "the endpoint returned an embedding of "
                + v.length
                + " dimensions for row "
                + r
                + " where "
                + dim
                + " were expected"
                + (dimensions > 0 ? " (dimensions(" + dimensions + "))" : ""));
      }
      System.arraycopy(v, 0, flat, r * dim, dim);
    }
    return VectorColumns.writeVectors(outputColumn, dim, flat, rows, nulls, allocator);
  }
}
