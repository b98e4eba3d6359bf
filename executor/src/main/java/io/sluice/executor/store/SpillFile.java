package io.sluice.executor.store;

import io.sluice.api.arrow.Batches;
import io.sluice.api.arrow.ExtensionTypes;
import io.sluice.api.options.SpillCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;

/**
 * One run of batches on disk: an Arrow IPC stream with compressed buffers. Written once, read back
 * batch by batch, deleted by its owner. Batches come back with the same schema and buffer contents
 * (bit-identical), allocated where the reader says. Every Arrow message group is a checksummed
 * block ({@link SpillBlocks}): a reader verifies each block before parsing it and fails with the
 * file and block when a bit flipped or the file was cut, so corrupt spill never turns into wrong
 * rows.
 */
public final class SpillFile {

  static {
    ExtensionTypes.register(); // spilled UUID columns read back as UUIDs
  }

  /** ZSTD's fastest level: spilling is on the critical path, disk is cheap. */
  private static final Optional<Integer> ZSTD_LEVEL = Optional.of(1);

  private final SpillDirectory dir;
  private final Path path;
  private final long fileBytes;
  private final long arrowBytes;
  private final int batches;
  private final SpillBlocks blocks;

  private SpillFile(
      SpillDirectory dir,
      Path path,
      long fileBytes,
      long arrowBytes,
      int batches,
      SpillBlocks blocks) {
    this.dir = dir;
    this.blocks = blocks;
    this.path = path;
    this.fileBytes = fileBytes;
    this.arrowBytes = arrowBytes;
    this.batches = batches;
  }

  /**
   * Writes {@code roots} (all of one schema, left untouched and owned by the caller) as one file.
   */
  public static SpillFile write(
      SpillDirectory dir, String label, List<VectorSchemaRoot> roots, BufferAllocator scratch) {
    long arrowBytes = 0;
    for (VectorSchemaRoot r : roots) {
      arrowBytes += Batches.bytes(r);
    }
    // Compressed files are smaller, but a batch that does not compress is stored as is.
    long reserve = arrowBytes + 4096L * (roots.size() + 1);
    Path path = dir.reserve(label, reserve);
    long start = System.nanoTime();
    long size = 0;
    SpillBlocks blocks = new SpillBlocks();
    try (FileChannel ch =
            FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        VectorSchemaRoot staging = VectorSchemaRoot.create(roots.get(0).getSchema(), scratch);
        ArrowStreamWriter w =
            dir.codec() == SpillCodec.NONE
                ? new ArrowStreamWriter(staging, null, blocks.channel(ch), IpcOption.DEFAULT)
                : new ArrowStreamWriter(
                    staging,
                    null,
                    blocks.channel(ch),
                    IpcOption.DEFAULT,
                    SpillCompression.INSTANCE,
                    codecType(dir.codec()),
                    ZSTD_LEVEL)) {
      w.start();
      blocks.mark();
      VectorLoader loader = new VectorLoader(staging);
      for (VectorSchemaRoot r : roots) {
        try (ArrowRecordBatch rb = new VectorUnloader(r).getRecordBatch()) {
          loader.load(rb);
        }
        w.writeBatch();
        blocks.mark();
      }
      w.end();
      blocks.mark();
      size = ch.size();
    } catch (IOException | RuntimeException e) {
      dir.delete(path, 0);
      dir.settle(reserve, 0);
      if (e instanceof SpillException se) {
        throw se;
      }
      if (e instanceof IOException) { // a full disk, mostly: name the place and the size
        throw dir.full(reserve, "writing " + path.getFileName() + " failed (" + e + ")");
      }
      throw new SpillException("cannot write spill file " + path + ": " + e, e);
    }
    dir.settle(reserve, size);
    dir.stats().wrote(arrowBytes, size, System.nanoTime() - start);
    return new SpillFile(dir, path, size, arrowBytes, roots.size(), blocks);
  }

  private static CompressionUtil.CodecType codecType(SpillCodec codec) {
    return switch (codec) {
      case LZ4_FRAME -> CompressionUtil.CodecType.LZ4_FRAME;
      case ZSTD -> CompressionUtil.CodecType.ZSTD;
      case NONE -> CompressionUtil.CodecType.NO_COMPRESSION;
    };
  }

  public Path path() {
    return path;
  }

  public long fileBytes() {
    return fileBytes;
  }

  /** Uncompressed Arrow bytes of the batches in the file. */
  public long arrowBytes() {
    return arrowBytes;
  }

  public int batches() {
    return batches;
  }

  /** Opens the file for reading; batches are allocated under {@code allocator}. */
  public Reader open(BufferAllocator allocator) {
    return new Reader(allocator);
  }

  /** Removes the file from disk. */
  public void delete() {
    dir.delete(path, fileBytes);
  }

  /**
   * Reads one spill file batch by batch, verifying each block before Arrow parses it. Not
   * thread-safe.
   */
  public final class Reader implements AutoCloseable {
    private final BufferAllocator allocator;
    private final FileChannel channel;
    private final ArrowStreamReader reader;
    private int nextBlock;

    private Reader(BufferAllocator allocator) {
      this.allocator = allocator;
      try {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
      } catch (IOException e) {
        throw new SpillException("cannot read spill file " + path + ": " + e.getMessage(), e);
      }
      try {
        blocks.checkLength(path, channel.size());
        blocks.verify(channel, path, nextBlock++); // the schema, read with the first batch
      } catch (IOException | RuntimeException e) {
        closeQuietly();
        throw e instanceof SpillException se
            ? se
            : new SpillException("cannot read spill file " + path + ": " + e.getMessage(), e);
      }
      this.reader = new ArrowStreamReader(channel, allocator, SpillCompression.INSTANCE);
    }

    /** The next batch (owned by the caller), or null at the end. */
    public VectorSchemaRoot next() {
      long start = System.nanoTime();
      try {
        if (nextBlock < blocks.count()) {
          blocks.verify(channel, path, nextBlock++); // a batch, or the end-of-stream marker
        }
        if (!reader.loadNextBatch()) {
          return null;
        }
        VectorSchemaRoot out = Batches.transfer(reader.getVectorSchemaRoot(), allocator);
        dir.stats().read(Batches.bytes(out), System.nanoTime() - start);
        return out;
      } catch (IOException e) {
        throw new SpillException("cannot read spill file " + path + ": " + e.getMessage(), e);
      }
    }

    private void closeQuietly() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the open failed already; that error is the one to report
      }
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        throw new SpillException("cannot close spill file " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
