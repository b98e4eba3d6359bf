package io.sluice.it;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under the scheme {@code chaos:}, which freezes the JVM just before the k-th file
 * operation of one kind, so a harness can SIGKILL it exactly there (inside the commit protocol,
 * with no hook in Sluice itself). {@code fs.chaos.stop} is {@code kind:k}; kinds are {@code part}
 * (creating a task file), {@code ckpt} (writing a checkpoint record), {@code ckpt-rename}
 * (publishing it), {@code delete}, {@code publish} (renaming the staging directory), {@code
 * manifest} (writing {@code _sluice_manifest.json}: the manifest protocol's commit), {@code
 * success} (writing {@code _SUCCESS}). On reaching it, it writes {@code fs.chaos.marker} and sleeps
 * until killed. Counts are per JVM (the child runs one job). Thread-safe.
 */
public final class ChaosFileSystem extends RawLocalFileSystem {

  static final String SCHEME = "chaos";
  private static final AtomicInteger SEEN = new AtomicInteger();
  private String stopKind = "";
  private int stopAt = -1;
  private String marker;

  static Map<String, String> settings(String stop, java.nio.file.Path marker) {
    return Map.of(
        "fs." + SCHEME + ".impl",
        ChaosFileSystem.class.getName(),
        "fs." + SCHEME + ".impl.disable.cache",
        "true",
        "fs.chaos.stop",
        stop,
        "fs.chaos.marker",
        marker.toString());
  }

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    String[] stop = conf.get("fs.chaos.stop", "none:0").split(":");
    stopKind = stop[0];
    stopAt = Integer.parseInt(stop[1]);
    marker = conf.get("fs.chaos.marker");
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  private void at(String kind, Path p) {
    if (!kind.equals(stopKind) || SEEN.incrementAndGet() != stopAt) {
      return;
    }
    try {
      Files.writeString(
          Paths.get(marker), kind + ":" + stopAt + " " + p + "\n", StandardCharsets.UTF_8);
      Thread.sleep(Long.MAX_VALUE); // the harness kills this JVM now
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("chaos marker " + marker + " failed", e);
    }
  }

  private void beforeCreate(Path f) {
    String n = f.getName();
    if (n.equals("_SUCCESS")) {
      at("success", f);
    } else if (n.equals("_sluice_manifest.json")) {
      at("manifest", f);
    } else if (n.startsWith("part-")) {
      at("part", f);
    } else if (n.endsWith(".tmp") && f.getParent().getName().equals("_checkpoints")) {
      at("ckpt", f);
    }
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
    beforeCreate(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
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
    beforeCreate(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    if (src.getName().startsWith(".sluice-staging")) {
      at("publish", src);
    } else if (src.getName().endsWith(".tmp")) {
      at("ckpt-rename", src);
    }
    return super.rename(src, dst);
  }

  @Override
  public boolean delete(Path p, boolean recursive) throws IOException {
    at("delete", p);
    return super.delete(p, recursive);
  }
}
