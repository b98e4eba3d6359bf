package io.sluice.cli.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.fs.FileEntry;
import io.sluice.connectors.fs.FileLister;
import io.sluice.connectors.fs.FsConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run report's {@code inputs}: per source, the files its paths held when the run started (as
 * the reader lists them: manifest-aware, hidden files skipped) and their bytes. A listing that
 * fails is reported with its error instead; the run itself reports the failure.
 */
public final class JobInputs {

  private JobInputs() {}

  /** One entry per source (job files have one): format, paths, files, bytes. */
  public static ArrayNode describe(JobSpec.Source source, Map<String, String> fsOptions) {
    ArrayNode inputs = JsonNodeFactory.instance.arrayNode();
    ObjectNode in = inputs.addObject();
    in.put("format", source.format());
    ArrayNode paths = in.putArray("paths");
    source.paths().forEach(paths::add);
    Map<String, String> options = new LinkedHashMap<>(fsOptions);
    options.putAll(source.options());
    try {
      List<FileEntry> files = new FileLister(FsConfig.fromOptions(options)).list(source.paths());
      in.put("files", files.size());
      in.put("bytes", files.stream().mapToLong(FileEntry::length).sum());
    } catch (RuntimeException e) {
      in.put("error", String.valueOf(e.getMessage()));
    }
    return inputs;
  }
}
