package io.sluice.connectors.fs;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * FileSystem instances per (scheme, authority, settings).
 *
 * <p>Hadoop's own cache keys instances by scheme and authority only, so a second job naming the
 * same bucket with other settings (endpoint, credentials, timeouts) would silently get the first
 * job's client. Object-store clients hold connection and thread pools and must be shared, not built
 * per task; so instances are kept here, keyed by the full {@link FsConfig} as well. The local file
 * system is cached too: building it parses Hadoop's XML defaults (~6 ms), and a scan asked for it
 * several times per file. Instances live until the JVM exits, as with Hadoop's cache.
 */
public final class FileSystems {

  private record Key(String scheme, String authority, FsConfig config) {}

  private static final ConcurrentHashMap<Key, FileSystem> CACHE = new ConcurrentHashMap<>();

  private FileSystems() {}

  /** The file system of {@code path} under {@code config}; callers must not close it. */
  public static FileSystem get(Path path, FsConfig config) throws IOException {
    URI uri = path.toUri();
    String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
    Key key = new Key(scheme, uri.getAuthority() == null ? "" : uri.getAuthority(), config);
    FileSystem fs = CACHE.get(key);
    if (fs != null) {
      return fs;
    }
    synchronized (CACHE) {
      fs = CACHE.get(key);
      if (fs == null) {
        Configuration conf = config.toConfiguration();
        if (!scheme.equals("file")) {
          // object stores buffer uploads in local temp files through FileSystem.getLocal(), which
          // needs the checksummed LocalFileSystem rather than our raw default for file:
          conf.unset("fs.file.impl");
        }
        fs = FileSystem.newInstance(URI.create(scheme + "://" + key.authority() + "/"), conf);
        CACHE.put(key, fs);
      }
      return fs;
    }
  }
}
