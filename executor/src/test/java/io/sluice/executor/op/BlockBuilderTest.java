package io.sluice.executor.op;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Block sizing: big batches pass uncopied, small ones are concatenated up to the target, huge ones
 * sliced.
 */
class BlockBuilderTest {

  private static final long TARGET = 8 * 1000; // 1,000 int64 rows

  private BufferAllocator allocator;
  private final List<Block> blocks = new ArrayList<>();

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    blocks.forEach(Block::close);
    allocator.close(); // fails on leaked buffers
  }

  private VectorSchemaRoot ids(long from, int rows) {
    BigIntVector v = new BigIntVector("id", allocator);
    v.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      v.set(i, from + i);
    }
    v.setValueCount(rows);
    return VectorSchemaRoot.of(v);
  }

  private List<Long> allIds() {
    List<Long> out = new ArrayList<>();
    for (Block b : blocks) {
      BigIntVector v = (BigIntVector) b.data().getVector(0);
      for (int i = 0; i < b.rows(); i++) {
        out.add(v.get(i));
      }
    }
    return out;
  }

  @Test
  void batchesOfHalfTheTargetOrMorePassWithoutACopy() {
    BlockBuilder builder = new BlockBuilder(TARGET, allocator, blocks::add);
    VectorSchemaRoot a = ids(0, 600);
    VectorSchemaRoot b = ids(600, 900);
    builder.add(a);
    builder.add(b);
    builder.flush();
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).data()).isSameAs(a);
    assertThat(blocks.get(1).data()).isSameAs(b);
  }

  @Test
  void batchesOfEightMegabytesPassUncopiedUnderAHugeTarget() {
    BlockBuilder builder = new BlockBuilder(128L << 20, allocator, blocks::add);
    VectorSchemaRoot a = ids(0, 1 << 20); // 8 MiB + validity
    VectorSchemaRoot b = ids(1 << 20, 1 << 20);
    builder.add(a);
    builder.add(b);
    builder.flush();
    assertThat(blocks).extracting(Block::data).containsExactly(a, b);
  }

  @Test
  void smallBatchesAreConcatenatedNeverPastTheTarget() {
    BlockBuilder builder = new BlockBuilder(TARGET, allocator, blocks::add);
    for (int i = 0; i < 10; i++) {
      builder.add(ids(i * 300L, 300));
    }
    builder.flush();
    assertThat(blocks).allSatisfy(b -> assertThat(b.bytes()).isLessThanOrEqualTo(TARGET));
    assertThat(blocks.stream().mapToInt(Block::rows)).containsExactly(900, 900, 900, 300);
    assertThat(allIds()).hasSize(3000).isSorted();
  }

  @Test
  void aSmallBatchAfterPendingOnesKeepsOrderAroundABigOne() {
    BlockBuilder builder = new BlockBuilder(TARGET, allocator, blocks::add);
    builder.add(ids(0, 200));
    builder.add(ids(200, 700)); // big: the pending 200 rows go first, as their own block
    builder.add(ids(900, 100));
    builder.flush();
    assertThat(blocks.stream().mapToInt(Block::rows)).containsExactly(200, 700, 100);
    assertThat(allIds()).hasSize(1000).isSorted();
  }

  @Test
  void batchesOverTheTargetAreSlicedIntoTargetSizedBlocks() {
    BlockBuilder builder = new BlockBuilder(TARGET, allocator, blocks::add);
    builder.add(ids(0, 2500));
    assertThat(blocks)
        .hasSize(3)
        .allSatisfy(b -> assertThat(b.bytes()).isLessThanOrEqualTo(TARGET));
    assertThat(allIds()).hasSize(2500).isSorted();
  }
}
