package io.sluice.connectors.fs;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.sluice.api.PlanException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Stream compression chosen by file extension ({@code .gz}, {@code .zst}) on read and by the {@code
 * compression} write option on write. Pure Java gzip and zstd-jni (already on the classpath through
 * Parquet), so no Hadoop native codecs are needed. Compressed files are never split: a task reads
 * the whole file.
 */
public enum Compression {
  NONE(""),
  GZIP(".gz"),
  ZSTD(".zst");

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  /** The file-name suffix, with its dot ({@code ""} for none). */
  public String extension() {
    return extension;
  }

  /** By the file's name. */
  public static Compression forPath(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".gz") || p.endsWith(".gzip")) {
      return GZIP;
    }
    if (p.endsWith(".zst") || p.endsWith(".zstd")) {
      return ZSTD;
    }
    return NONE;
  }

  /** By the {@code compression} write option: none (default), gzip or zstd. */
  public static Compression forOption(String value) {
    if (value == null) {
      return NONE;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "none", "uncompressed", "" -> NONE;
      case "gzip", "gz" -> GZIP;
      case "zstd", "zst" -> ZSTD;
      default ->
          throw new PlanException(
              "write option compression must be none, gzip or zstd, got '" + value + "'");
    };
  }

  public InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, 1 << 16); // reads concatenated members too
      case ZSTD -> new ZstdInputStream(in);
    };
  }

  public OutputStream compress(OutputStream out) throws IOException {
    return switch (this) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out, 1 << 16);
      case ZSTD -> new ZstdOutputStream(out, 3);
    };
  }
}
