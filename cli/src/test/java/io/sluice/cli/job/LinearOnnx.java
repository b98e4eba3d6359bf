package io.sluice.cli.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a real ONNX model for tests: {@code logits = MatMul(features, W)}, input {@code features}
 * float [batch, dim], output {@code logits} float [batch, classes], W a fixed initializer. The
 * protobuf is encoded here field by field (onnx.proto3 numbers) because no ONNX writer is on the
 * class path; ONNX Runtime reading it and computing the product is what the tests check.
 */
final class LinearOnnx {

  private LinearOnnx() {}

  /** Writes the model with weights {@code w[dim][classes]} to {@code file}. */
  static Path write(Path file, float[][] w) throws IOException {
    int dim = w.length;
    int classes = w[0].length;
    ByteBuffer raw = ByteBuffer.allocate(dim * classes * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : w) {
      for (float v : row) {
        raw.putFloat(v);
      }
    }
    byte[] weights =
        new Proto()
            .varint(1, dim)
            .varint(1, classes)
            .varint(2, 1)
            .string(8, "W")
            .bytes(9, raw.array())
            .done(); // TensorProto: dims, data_type FLOAT, name, raw_data
    byte[] node =
        new Proto()
            .string(1, "features")
            .string(1, "W")
            .string(2, "logits")
            .string(3, "matmul")
            .string(4, "MatMul")
            .done();
    byte[] graph =
        new Proto()
            .bytes(1, node)
            .string(2, "linear")
            .bytes(5, weights)
            .bytes(11, valueInfo("features", dim))
            .bytes(12, valueInfo("logits", classes))
            .done();
    byte[] opset = new Proto().string(1, "").varint(2, 13).done();
    byte[] model =
        new Proto().varint(1, 7).string(2, "sluice-tests").bytes(7, graph).bytes(8, opset).done();
    Files.write(file, model);
    return file;
  }

  /** ValueInfoProto of a float tensor [batch, width] with a symbolic batch dimension. */
  private static byte[] valueInfo(String name, int width) {
    byte[] batch = new Proto().string(2, "batch").done();
    byte[] fixed = new Proto().varint(1, width).done();
    byte[] shape = new Proto().bytes(1, batch).bytes(1, fixed).done();
    byte[] tensor = new Proto().varint(1, 1).bytes(2, shape).done();
    byte[] type = new Proto().bytes(1, tensor).done();
    return new Proto().string(1, name).bytes(2, type).done();
  }

  /** A minimal protobuf encoder: varint and length-delimited fields. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
      return this;
    }

    Proto bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.write(value, 0, value.length);
      return this;
    }

    Proto string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    byte[] done() {
      return out.toByteArray();
    }
  }
}
