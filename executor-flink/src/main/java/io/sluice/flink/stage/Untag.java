package io.sluice.flink.stage;

import io.sluice.flink.block.ArrowBlock;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Drops the target partition {@link RowScatter} tagged a block with, once the block has arrived
 * there.
 */
public final class Untag implements MapFunction<Tuple2<Integer, ArrowBlock>, ArrowBlock> {

  private static final long serialVersionUID = 1L;

  @Override
  public ArrowBlock map(Tuple2<Integer, ArrowBlock> tagged) {
    return tagged.f1;
  }
}
