package io.sluice.connectors.fs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code _sluice_manifest.json}: the exact list of data files a committed Sluice output consists
 * of. Written by {@link ManifestCommitProtocol} at job commit; when a directory holds one, readers
 * ({@link FileLister}) read exactly the files it lists and ignore every other file there (attempts
 * of failed tasks, files of jobs that never committed).
 *
 * @param version format version, 1
 * @param jobId the job that wrote this manifest
 * @param mode the write mode of that job
 * @param committedAtMillis commit time
 * @param rows rows in all listed files
 * @param files the data files, names relative to the directory, sorted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    int version, String jobId, String mode, long committedAtMillis, long rows, List<Entry> files) {

  /** The manifest's file name inside an output directory. */
  public static final String FILE_NAME = "_sluice_manifest.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Manifest {
    files = List.copyOf(files);
  }

  /**
   * One committed file.
   *
   * @param name file name, relative to the output directory
   * @param bytes its length
   * @param rows its rows, or null when its task wrote several files (the task's rows are then split
   *     among them in an unrecorded way)
   * @param task the task that wrote it
   * @param attempt the committed attempt of that task
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(String name, long bytes, Long rows, int task, int attempt) {}

  /** The manifest of {@code dir}, if it has one. Errors name the manifest file. */
  public static Optional<Manifest> read(FileSystem fs, Path dir) throws IOException {
    Path p = new Path(dir, FILE_NAME);
    try (InputStream in = fs.open(p)) {
      return Optional.of(parse(in, p));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  static Manifest parse(InputStream in, Path p) throws IOException {
    try {
      Manifest m = JSON.readValue(in, Manifest.class);
      if (m.version() != 1 || m.files() == null) {
        throw new IOException("unsupported manifest version " + m.version());
      }
      return m;
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read the Sluice manifest " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes this manifest into {@code dir}, replacing any previous one (one PUT on object stores).
   */
  public void write(FileSystem fs, Path dir) throws IOException {
    try (OutputStream out = fs.create(new Path(dir, FILE_NAME), true)) {
      JSON.writeValue(out, this);
    }
  }
}
