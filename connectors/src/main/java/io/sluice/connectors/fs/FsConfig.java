package io.sluice.connectors.fs;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop settings in a serializable form, so read tasks and task writers can rebuild the same
 * {@link Configuration} on any worker ({@code Configuration} itself is not serializable).
 *
 * <p>Defaults make {@code file:} work without {@code HADOOP_HOME} or native libraries: the raw
 * local file system (no {@code .crc} side files), kept out of Hadoop's cache, so our settings
 * always apply ({@link FileSystems} keeps instances per settings instead). Other schemes ({@code
 * s3a:}, {@code hdfs:}) only need their jar plus their {@code fs.*} settings.
 */
public final class FsConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final TreeMap<String, String> properties;

  private FsConfig(Map<String, String> properties) {
    this.properties = new TreeMap<>(properties);
  }

  /** Defaults only. */
  public static FsConfig defaults() {
    return new FsConfig(Map.of());
  }

  /**
   * Picks Hadoop settings out of connector options: keys starting with {@code fs.} are passed as
   * they are, keys starting with {@code hadoop.} without that prefix ({@code
   * hadoop.fs.s3a.endpoint} becomes {@code fs.s3a.endpoint}).
   */
  public static FsConfig fromOptions(Map<String, String> options) {
    TreeMap<String, String> props = new TreeMap<>();
    options.forEach(
        (k, v) -> {
          if (k.startsWith("fs.")) {
            props.put(k, v);
          } else if (k.startsWith("hadoop.")) {
            props.put(k.substring("hadoop.".length()), v);
          }
        });
    return new FsConfig(props);
  }

  /** A copy with more settings (later ones win). */
  public FsConfig with(Map<String, String> more) {
    TreeMap<String, String> props = new TreeMap<>(properties);
    props.putAll(more);
    return new FsConfig(props);
  }

  /** A copy with one more setting. */
  public FsConfig with(String key, String value) {
    TreeMap<String, String> props = new TreeMap<>(properties);
    props.put(key, value);
    return new FsConfig(props);
  }

  /** A fresh configuration; callers may change it freely. */
  public Configuration toConfiguration() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    conf.setBoolean("fs.file.impl.disable.cache", true);
    // S3A's classic stream with the columnar read policy readers ask for (see CountingInputFile):
    // ranged GETs of exactly the footer and the selected column chunks, vectored and merged. Hadoop
    // 3.5's default analytics stream fetches objects under 8 MB whole and caches object data per
    // client; users may still choose it with this key.
    conf.set("fs.s3a.input.stream.type", "classic");
    properties.forEach(conf::set);
    return conf;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FsConfig other && other.properties.equals(properties);
  }

  @Override
  public int hashCode() {
    return properties.hashCode();
  }

  /** The settings with credentials replaced by {@code ****}, safe to log or show. */
  public Map<String, String> redacted() {
    TreeMap<String, String> out = new TreeMap<>();
    properties.forEach((k, v) -> out.put(k, isSensitive(k) ? "****" : v));
    return out;
  }

  /**
   * Whether a key holds a credential (access and secret keys, session tokens, passwords, encryption
   * keys): its value must never reach a log, a message or a report.
   */
  public static boolean isSensitive(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("secret")
        || k.contains("password")
        || k.contains("token")
        || k.contains("access.key")
        || k.contains("session")
        || k.endsWith(".key")
        || k.contains("credential.provider.path")
        || k.contains("encryption");
  }

  /** Keys only: values may be credentials. */
  @Override
  public String toString() {
    return "FsConfig" + properties.keySet();
  }
}
