package io.sluice.api.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * A factory wrapping a function with a declared schema travels to other JVMs (the Flink backend
 * Java-serializes the plan's factories; Arrow's {@code Schema} is not Serializable) and declares
 * the same schema there, metadata included.
 */
class UdfFactoryTest {

  @Test
  void aDeclaredSchemaSurvivesJavaSerialization() throws Exception {
    Schema declared =
        new Schema(
            List.of(
                new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("payload", FieldType.nullable(new ArrowType.FixedSizeBinary(16)), null)),
            Map.of("origin", "test"));
    UdfFactory f = UdfFactory.of("Declared", (batch, allocator) -> batch, declared);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    UdfFactory back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (UdfFactory) in.readObject();
    }

    assertThat(back.name()).isEqualTo("Declared");
    assertThat(back.outputSchema(declared)).contains(declared);
    assertThat(UdfFactory.of("Unknown", (batch, allocator) -> batch).outputSchema(declared))
        .isEmpty();
  }
}
