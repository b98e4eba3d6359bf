package io.sluice.flink.block;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Makes Flink's type extraction answer {@link ArrowBlockTypeInfo} wherever it meets an {@link
 * ArrowBlock} (a lambda's return type before {@code returns(..)} applies, a tuple field), so it
 * never treats a block as a generic type bound for Kryo.
 */
public final class ArrowBlockTypeInfoFactory extends TypeInfoFactory<ArrowBlock> {

  @Override
  public TypeInformation<ArrowBlock> createTypeInfo(
      Type t, Map<String, TypeInformation<?>> genericParameters) {
    return ArrowBlockTypeInfo.INSTANCE;
  }
}
