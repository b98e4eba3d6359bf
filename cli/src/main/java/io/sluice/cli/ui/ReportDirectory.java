package io.sluice.cli.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.job.RunReport;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Past runs: the run reports ({@code *run-report.json}, schema {@value RunReport#SCHEMA}) under a
 * directory, read anew on every query so new runs appear. A report's id is its path under the
 * directory, {@code /} written {@code ~}. Files that are not run reports are left out.
 */
public final class ReportDirectory implements RunSource {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 8;
  private final Path dir;

  public ReportDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--reports " + dir + ": no such directory");
    }
    this.dir = dir;
  }

  @Override
  public List<ObjectNode> reports() {
    List<ObjectNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
      files
          .filter(
              p ->
                  p.getFileName().toString().endsWith(RunReport.FILE_NAME)
                      && Files.isRegularFile(p))
          .forEach(p -> read(p).ifPresent(out::add));
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException(
          "cannot list the run reports under " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing((ObjectNode r) -> r.path("started").asText()).reversed());
    return out;
  }

  @Override
  public Optional<ObjectNode> report(String id) {
    if (id.contains("..") || id.contains("/")) {
      return Optional.empty();
    }
    Path p = dir.resolve(id.replace('~', '/') + ".json").normalize();
    return p.startsWith(dir.normalize()) && Files.isRegularFile(p) ? read(p) : Optional.empty();
  }

  @Override
  public boolean isLive(String id) {
    return false;
  }

  private Optional<ObjectNode> read(Path p) {
    try {
      if (!(JSON.readTree(p.toFile()) instanceof ObjectNode r)
          || !RunReport.SCHEMA.equals(r.path("schema").asText())) {
        return Optional.empty();
      }
      String rel = dir.relativize(p).toString().replace(File.separatorChar, '/');
      r.put("id", rel.substring(0, rel.length() - ".json".length()).replace('/', '~'));
      return Optional.of(r);
    } catch (IOException e) {
      return Optional.empty(); // half written, or not JSON: not a report
    }
  }
}
