package io.sluice.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under the scheme {@code fulldisk:} with room for only {@code fs.fulldisk.capacity}
 * bytes: once the files written through one instance (less the ones it deleted) would pass that, a
 * write stores what fits and fails as the JDK reports ENOSPC ("No space left on device"). Register
 * it with the job's Hadoop settings {@code fs.fulldisk.impl}; "freeing space" is a new capacity,
 * which yields a new instance (Sluice caches file systems per settings). Thread-safe.
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {

  static final String SCHEME = "fulldisk";
  static final String CAPACITY = "fs.fulldisk.capacity";

  private final AtomicLong used = new AtomicLong();
  private long capacity = Long.MAX_VALUE;

  /** Settings that mount it with room for {@code bytes}. */
  static Map<String, String> settings(long bytes) {
    return Map.of(
        "fs." + SCHEME + ".impl",
        FullDiskFileSystem.class.getName(),
        CAPACITY,
        String.valueOf(bytes),
        "fs." + SCHEME + ".impl.disable.cache",
        "true");
  }

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    capacity = conf.getLong(CAPACITY, Long.MAX_VALUE);
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    return limited(
        super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    return limited(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress)
      throws IOException {
    return limited(super.append(f, bufferSize, progress));
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      EnumSet<CreateFlag> flags,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    return limited(
        super.createNonRecursive(
            f, permission, flags, bufferSize, replication, blockSize, progress));
  }

  @Override
  public boolean delete(Path p, boolean recursive) throws IOException {
    long freed = 0;
    if (exists(p)) {
      FileStatus s = getFileStatus(p);
      freed = s.isDirectory() ? getContentSummary(p).getLength() : s.getLen();
    }
    boolean done = super.delete(p, recursive);
    if (done) {
      used.addAndGet(-freed);
    }
    return done;
  }

  private FSDataOutputStream limited(FSDataOutputStream out) {
    return new FSDataOutputStream(new Limited(out), null);
  }

  /** Counts bytes against the capacity; stores what fits, then fails like a full disk. */
  private final class Limited extends OutputStream implements Syncable {
    private final FSDataOutputStream out;

    Limited(FSDataOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      long now = used.addAndGet(len);
      if (now > capacity) {
        int fits = (int) Math.max(0, len - (now - capacity));
        used.addAndGet(fits - len);
        out.write(b, off, fits);
        throw new IOException("No space left on device");
      }
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void hflush() throws IOException {
      out.hflush();
    }

    @Override
    public void hsync() throws IOException {
      out.hsync();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
