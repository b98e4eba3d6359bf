package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Expands user paths (files, directories, globs) into data files through Hadoop's FileSystem,
 * independent of the file format.
 *
 * <p>Directories are listed recursively; hidden names (starting with {@code _} or {@code .}: markers,
 * staging and checksum files) are skipped below a given path but a file named explicitly is kept.
 * Files come out sorted by path within each given path, in the order the paths were given, without
 * duplicates, so reads see a stable order.
 */
public final class FileLister {

  private final Configuration conf;

  public FileLister(FsConfig config) {
    this.conf = config.toConfiguration();
  }

  /**
   * Lists the data files.
   *
   * @throws PlanException naming the path when a path does not exist or a glob matches nothing
   * @throws UncheckedIOException when storage fails
   */
  public List<FileEntry> list(List<String> locations) {
    Map<String, FileEntry> out = new LinkedHashMap<>();
    for (String location : locations) {
      try {
        for (FileEntry e : listOne(location)) {
          out.putIfAbsent(e.path(), e);
        }
      } catch (FileNotFoundException e) {
        throw new PlanException("path does not exist: " + location, e);
      } catch (IOException e) {
        throw new UncheckedIOException("listing " + location + " failed: " + e.getMessage(), e);
      }
    }
    return new ArrayList<>(out.values());
  }

  private List<FileEntry> listOne(String location) throws IOException {
    Path path = FsPaths.toPath(location);
    FileSystem fs = path.getFileSystem(conf);
    List<FileStatus> roots = new ArrayList<>();
    if (FsPaths.hasGlob(path)) {
      FileStatus[] matches = fs.globStatus(path, p -> !FsPaths.isHidden(p.getName()));
      if (matches == null || matches.length == 0) {
        throw new PlanException("path does not exist: no files match the glob " + location);
      }
      roots.addAll(Arrays.asList(matches));
    } else {
      roots.add(fs.getFileStatus(path)); // FileNotFoundException when missing
    }
    List<FileEntry> files = new ArrayList<>();
    for (FileStatus root : roots) {
      if (root.isDirectory()) {
        collect(fs, root.getPath(), files);
      } else {
        files.add(entry(root));
      }
    }
    files.sort(Comparator.comparing(FileEntry::path));
    return files;
  }

  private static void collect(FileSystem fs, Path dir, List<FileEntry> files) throws IOException {
    for (FileStatus s : fs.listStatus(dir, p -> !FsPaths.isHidden(p.getName()))) {
      if (s.isDirectory()) {
        collect(fs, s.getPath(), files);
      } else {
        files.add(entry(s));
      }
    }
  }

  private static FileEntry entry(FileStatus s) {
    return new FileEntry(s.getPath().toString(), s.getLen());
  }
}
