package io.sluice.connectors.fs;

import io.sluice.api.spi.WriteTaskResult;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both commit protocols keep alike: the names of task attempt files, the committed files of a
 * job's task results (checked), the {@code _SUCCESS} marker, and deletes that only log.
 */
final class CommittedFiles {

  private static final Logger LOG = LoggerFactory.getLogger(CommittedFiles.class);

  private CommittedFiles() {}

  /** One file a task attempt committed: the result that reported it, its name and its length. */
  record File(WriteTaskResult result, String name, long length) {}

  /**
   * {@code part-<task>-a<attempt>-<sequence>-<job>.<extension>}, e.g. {@code
   * part-00003-a1-002-<job>.parquet}.
   */
  static String partName(int taskIndex, int attempt, int sequence, String jobId, String extension) {
    return String.format(
        Locale.ROOT, "part-%05d-a%d-%03d-%s.%s", taskIndex, attempt, sequence, jobId, extension);
  }

  /** A job id safe for file names ({@code [A-Za-z0-9_-]}, at most 40 characters). */
  static String safeJobId(String jobId) {
    String s = jobId.replaceAll("[^A-Za-z0-9_-]", "_");
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty job id");
    }
    return s.length() > 40 ? s.substring(0, 40) : s;
  }

  /**
   * The files {@code results} report, in order, checked: at most one attempt per task, each file
   * directly in {@code dir} ({@code dirName} in messages) and present.
   *
   * @throws IOException naming the task (and attempt) that broke a rule
   */
  static List<File> of(FileSystem fs, Path dir, String dirName, List<WriteTaskResult> results)
      throws IOException {
    Map<Integer, Integer> attemptByTask = new HashMap<>();
    List<File> out = new ArrayList<>();
    for (WriteTaskResult r : results) {
      Integer prev = attemptByTask.putIfAbsent(r.taskIndex(), r.attempt());
      if (prev != null) {
        throw new IOException(
            "task "
                + r.taskIndex()
                + " committed twice (attempts "
                + prev
                + " and "
                + r.attempt()
                + "); only one attempt per task may be committed");
      }
      for (String f : r.files()) {
        Path p = fs.makeQualified(new Path(f));
        if (!dir.equals(p.getParent())) {
          throw new IOException(
              "task " + r.taskIndex() + " reported " + f + ", which is not in " + dirName);
        }
        FileStatus st;
        try {
          st = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
          throw new IOException(
              "task "
                  + r.taskIndex()
                  + " attempt "
                  + r.attempt()
                  + " reported "
                  + f
                  + ", which does not exist");
        }
        out.add(new File(r, p.getName(), st.getLen()));
      }
    }
    return out;
  }

  /**
   * Writes {@code _SUCCESS} into {@code destination}: the job id, then one published file name a
   * line.
   */
  static void writeSuccess(FileSystem fs, Path destination, String jobId, List<String> names)
      throws IOException {
    StringBuilder sb = new StringBuilder("job=").append(jobId).append('\n');
    for (String n : names) {
      sb.append(n).append('\n');
    }
    try (OutputStream out = fs.create(new Path(destination, CommitProtocol.SUCCESS_MARKER), true)) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The job id {@code destination}'s {@code _SUCCESS} names (as {@link #writeSuccess} wrote it), or
   * null.
   */
  static String successJobId(FileSystem fs, Path destination) throws IOException {
    Path marker = new Path(destination, CommitProtocol.SUCCESS_MARKER);
    if (!fs.exists(marker)) {
      return null;
    }
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(fs.open(marker), StandardCharsets.UTF_8))) {
      String first = r.readLine();
      return first != null && first.startsWith("job=") ? first.substring(4) : null;
    }
  }

  /** Deletes a file or directory, logging instead of throwing (task abort, cleanup). */
  static void deleteQuietly(FileSystem fs, Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete {}: {}", path, e.toString());
    }
  }
}
