package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Expands user paths (files, directories, globs; {@code file:}, {@code s3a:} prefixes...) into data
 * files through Hadoop's FileSystem, independent of the file format.
 *
 * <p>Directories are listed recursively; hidden names (starting with {@code _} or {@code .}:
 * markers, staging and checksum files) are skipped below a given path but a file named explicitly
 * is kept. A directory holding a {@link Manifest} (a committed Sluice output) yields exactly the
 * files its manifest lists, so files of failed attempts are never read. Files come out sorted by
 * path within each given path, in the order the paths were given, without duplicates, so reads see
 * a stable order.
 *
 * <p>With a listing TTL (source option {@code listingCacheSeconds}, default 0 = off) listings are
 * kept that long and reused by later sources with the same settings.
 */
public final class FileLister {

  private final FsConfig config;
  private final Duration cacheTtl;

  public FileLister(FsConfig config) {
    this(config, Duration.ZERO);
  }

  public FileLister(FsConfig config, Duration cacheTtl) {
    this.config = config;
    this.cacheTtl = cacheTtl;
  }

  /** A lister with the {@code listingCacheSeconds} source option. */
  public static FileLister fromOptions(FsConfig config, Map<String, String> options) {
    String v = options.get("listingCacheSeconds");
    if (v == null) {
      return new FileLister(config);
    }
    try {
      long s = Long.parseLong(v.trim());
      if (s < 0) {
        throw new NumberFormatException();
      }
      return new FileLister(config, Duration.ofSeconds(s));
    } catch (NumberFormatException e) {
      throw new PlanException("option listingCacheSeconds must be a number >= 0, got '" + v + "'");
    }
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
        for (FileEntry e : cached(location)) {
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

  private List<FileEntry> cached(String location) throws IOException {
    if (cacheTtl.isZero()) {
      return listOne(location);
    }
    List<FileEntry> hit = ListingCache.get(config, location);
    if (hit != null) {
      return hit;
    }
    List<FileEntry> files = listOne(location);
    ListingCache.put(config, location, files, cacheTtl);
    return files;
  }

  private List<FileEntry> listOne(String location) throws IOException {
    Path path = FsPaths.toPath(location);
    FileSystem fs = FileSystems.get(path, config);
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
    FileStatus[] all = fs.listStatus(dir);
    if (Arrays.stream(all).anyMatch(s -> s.getPath().getName().equals(Manifest.FILE_NAME))) {
      Optional<Manifest> m = Manifest.read(fs, dir);
      if (m.isPresent()) {
        Path qualified = all[0].getPath().getParent();
        for (Manifest.Entry e : m.get().files()) {
          files.add(new FileEntry(new Path(qualified, e.name()).toString(), e.bytes()));
        }
        return;
      }
    }
    for (FileStatus s : all) {
      if (FsPaths.isHidden(s.getPath().getName())) {
        continue;
      }
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
