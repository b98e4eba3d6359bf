package io.sluice.flink.plan;

import io.sluice.api.plan.LogicalNode;
import io.sluice.flink.block.ArrowBlock;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Translates one logical node type into Flink transformations; one implementation per node type.
 */
@FunctionalInterface
interface NodeTranslator<N extends LogicalNode> {

  /**
   * @param inputs the node's inputs, already translated, in {@link LogicalNode#inputs()} order
   * @param name the operator's unique name within the job
   */
  DataStream<ArrowBlock> translate(
      N node, List<DataStream<ArrowBlock>> inputs, String name, Translation job);
}
