package io.sluice.flink.block;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Tells Flink to move {@link ArrowBlock}s with {@link ArrowBlockSerializer} instead of Kryo. */
public final class ArrowBlockTypeInfo extends TypeInformation<ArrowBlock> {

  public static final ArrowBlockTypeInfo INSTANCE = new ArrowBlockTypeInfo();
  private static final long serialVersionUID = 1L;

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<ArrowBlock> getTypeClass() {
    return ArrowBlock.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<ArrowBlock> createSerializer(SerializerConfig config) {
    return ArrowBlockSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "ArrowBlock";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrowBlockTypeInfo;
  }

  @Override
  public int hashCode() {
    return ArrowBlockTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof ArrowBlockTypeInfo;
  }
}
