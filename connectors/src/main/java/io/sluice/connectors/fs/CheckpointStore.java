package io.sluice.connectors.fs;

import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-split checkpoint records of a resumable job, kept in {@code _checkpoints/} inside the job's
 * staging directory (so on the output's file system). A record names a read split and the task
 * files holding exactly its rows; it is written to a temporary name, synced, then renamed, so a
 * reader sees whole records or none, and it carries a CRC32C ({@link CheckpointRecord}) so a record
 * damaged anyway (a file system without atomic rename, a bad disk) reads as not written.
 * Thread-safe as far as the file system is.
 */
public final class CheckpointStore {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final String SUFFIX = ".ckpt";
  private final FileSystem fs;
  private final Path staging;
  private final Path dir;

  public CheckpointStore(FileSystem fs, Path staging) {
    this.fs = fs;
    this.staging = staging;
    this.dir = new Path(staging, "_checkpoints");
  }

  /** Records that {@code split}'s rows are exactly in the files of {@code results}. */
  public void write(String split, List<WriteTaskResult> results) throws IOException {
    Properties p = new Properties();
    p.setProperty("split", split);
    p.setProperty("results", String.valueOf(results.size()));
    for (int i = 0; i < results.size(); i++) {
      WriteTaskResult r = results.get(i);
      p.setProperty(i + ".task", String.valueOf(r.taskIndex()));
      p.setProperty(i + ".attempt", String.valueOf(r.attempt()));
      p.setProperty(i + ".rows", String.valueOf(r.rows()));
      p.setProperty(i + ".bytes", String.valueOf(r.bytes()));
      p.setProperty(
          i + ".files",
          String.join("/", r.files().stream().map(f -> new Path(f).getName()).toList()));
    }
    String name = digest(split);
    Path tmp = new Path(dir, name + ".tmp");
    fs.mkdirs(dir);
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(CheckpointRecord.encode(p));
      out.hsync();
    }
    Path target = new Path(dir, name + SUFFIX);
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot publish checkpoint " + target);
    }
  }

  /**
   * Reads the records of earlier runs, keeping those of splits in {@code current}; deletes the
   * others and every staging file that no kept record lists. A record that is cut, fails its
   * checksum or lists a file that is gone is deleted too, with a warning: its split was never
   * proven done, so it reruns (records are independent, one per split, so no other split is
   * touched).
   */
  public Map<String, List<WriteTaskResult>> recover(Set<String> current) throws IOException {
    Map<String, List<WriteTaskResult>> kept = new HashMap<>();
    Set<String> keepFiles = new HashSet<>();
    Set<String> present = new HashSet<>();
    if (fs.exists(staging)) {
      for (FileStatus s : fs.listStatus(staging)) {
        present.add(s.getPath().getName());
      }
    }
    if (fs.exists(dir)) {
      for (FileStatus s : fs.listStatus(dir)) {
        Path f = s.getPath();
        if (!f.getName().endsWith(SUFFIX)) {
          fs.delete(f, false);
          continue;
        }
        Properties p;
        byte[] bytes;
        try (InputStream in = fs.open(f)) {
          bytes = in.readAllBytes();
        }
        try {
          p = CheckpointRecord.decode(bytes);
        } catch (IllegalArgumentException e) {
          LOG.warn(
              "checkpoint record {} is not intact ({}): its split is treated as not done and reruns",
              f,
              e.getMessage());
          fs.delete(f, false);
          continue;
        }
        String split = p.getProperty("split");
        if (split == null || !current.contains(split)) {
          fs.delete(f, false);
          continue;
        }
        List<WriteTaskResult> results = parse(p, f);
        List<String> missing =
            results.stream()
                .flatMap(r -> r.files().stream())
                .map(x -> new Path(x).getName())
                .filter(x -> !present.contains(x))
                .toList();
        if (!missing.isEmpty()) {
          LOG.warn(
              "checkpoint record {} of split {} lists files that are gone from {} ({}): the split reruns",
              f,
              split,
              staging,
              missing);
          fs.delete(f, false);
          continue;
        }
        results.forEach(r -> r.files().forEach(x -> keepFiles.add(new Path(x).getName())));
        kept.put(split, results);
      }
    }
    for (String name : present) {
      if (!name.equals(dir.getName()) && !keepFiles.contains(name)) {
        fs.delete(new Path(staging, name), true);
      }
    }
    return kept;
  }

  private List<WriteTaskResult> parse(Properties p, Path record) throws IOException {
    List<WriteTaskResult> results = new ArrayList<>();
    int n = Integer.parseInt(p.getProperty("results", "0"));
    for (int i = 0; i < n; i++) {
      String names = p.getProperty(i + ".files", "");
      checkNames(names, record);
      List<String> files =
          names.isEmpty()
              ? List.of()
              : Arrays.stream(names.split("/")).map(x -> new Path(staging, x).toString()).toList();
      results.add(
          new WriteTaskResult(
              Integer.parseInt(p.getProperty(i + ".task")),
              Integer.parseInt(p.getProperty(i + ".attempt")),
              files,
              Long.parseLong(p.getProperty(i + ".rows")),
              Long.parseLong(p.getProperty(i + ".bytes"))));
    }
    return results;
  }

  /**
   * A record names task files by their bare names inside the staging directory; its checksum only
   * proves it is what was written, not who wrote it. A name that could reach outside the staging
   * directory ({@code ..}, an absolute path, a scheme, a backslash) is refused before anything is
   * kept or deleted because of it: recovery deletes the staging files no record lists, and
   * publishes the ones a record lists.
   */
  private void checkNames(String names, Path record) throws IOException {
    if (names.isEmpty()) {
      return;
    }
    for (String x : names.split("/", -1)) {
      String why = unsafe(x, names);
      if (why != null) {
        throw new IOException(
            String.format(
                "checkpoint record %s lists task files '%s' with %s: a record may name"
                    + " only files of its staging directory %s; refusing to resume from it (delete the record to rerun its"
                    + " split)",
                record, names, why, staging));
      }
    }
  }

  /** Why one file name of a record is not a bare name inside the staging directory, or null. */
  private static String unsafe(String name, String names) {
    if (name.isEmpty()) {
      return names.startsWith("/") ? "an absolute path" : "an empty name";
    }
    if (name.equals("..") || name.equals(".")) {
      return "'" + name + "'";
    }
    if (name.indexOf(':') >= 0 || name.indexOf('\\') >= 0 || name.indexOf(0) >= 0) {
      return "a ':', backslash or NUL in '" + name + "'";
    }
    return null;
  }

  private static String digest(String split) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(split.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
