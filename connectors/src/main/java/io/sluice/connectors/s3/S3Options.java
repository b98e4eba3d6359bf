package io.sluice.connectors.s3;

import io.sluice.api.PlanException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed S3A settings on top of the usual {@code fs.s3a.*} Hadoop keys, which stay the source of
 * truth: {@link #toProperties()} gives those keys, to merge into read options or {@link
 * io.sluice.api.spi.WriteOptions#properties()} (every file connector passes {@code fs.*} keys to
 * Hadoop, see {@link io.sluice.connectors.fs.FsConfig#fromOptions}).
 *
 * <p>Holds no credentials on purpose: keys come from the environment ({@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}), from a provider chain named by {@link
 * Builder#credentialsProvider}, or from {@code fs.s3a.access.key} / {@code fs.s3a.secret.key} set
 * by the user in the Hadoop settings, never from code. So {@link #toString()} can show everything.
 *
 * <pre>{@code
 * Map<String, String> opts = S3Options.builder().endpoint("http://127.0.0.1:9000").pathStyleAccess(true)
 *     .build().toProperties();
 * sluice.read("csv", List.of("s3a://bucket/in/"), opts);
 * }</pre>
 */
public final class S3Options {

  private final Map<String, String> properties;

  private S3Options(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings from environment variables, for launchers: {@code AWS_ENDPOINT_URL_S3} or {@code
   * AWS_ENDPOINT_URL} (endpoint; path-style access is then turned on, as custom endpoints such as
   * MinIO or s3proxy usually need), {@code AWS_REGION} or {@code AWS_DEFAULT_REGION}. Credentials
   * are not read here: S3A's default provider chain reads them from the environment.
   */
  public static S3Options fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    Optional.ofNullable(env.get("AWS_ENDPOINT_URL_S3"))
        .or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL")))
        .filter(s -> !s.isBlank())
        .ifPresent(e -> b.endpoint(e).pathStyleAccess(true));
    Optional.ofNullable(env.get("AWS_REGION"))
        .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")))
        .filter(s -> !s.isBlank())
        .ifPresent(b::region);
    return b.build();
  }

  /** The {@code fs.s3a.*} keys these options stand for. */
  public Map<String, String> toProperties() {
    return properties;
  }

  @Override
  public String toString() {
    return "S3Options" + new TreeMap<>(properties);
  }

  /** Builds {@link S3Options}; unset options keep S3A's defaults. */
  public static final class Builder {
    private final Map<String, String> p = new LinkedHashMap<>();

    /**
     * The S3 endpoint, e.g. {@code https://s3.eu-west-1.amazonaws.com} or {@code
     * http://127.0.0.1:9000}; an {@code http://} endpoint also turns TLS off.
     */
    public Builder endpoint(String endpoint) {
      p.put("fs.s3a.endpoint", endpoint);
      if (endpoint.startsWith("http://")) {
        p.put("fs.s3a.connection.ssl.enabled", "false");
      }
      return this;
    }

    public Builder region(String region) {
      p.put("fs.s3a.endpoint.region", region);
      return this;
    }

    /** {@code http://host/bucket/key} instead of {@code http://bucket.host/key}. */
    public Builder pathStyleAccess(boolean pathStyle) {
      p.put("fs.s3a.path.style.access", Boolean.toString(pathStyle));
      return this;
    }

    /**
     * Comma-separated credential provider classes (AWS SDK v2 or S3A providers), tried in order.
     */
    public Builder credentialsProvider(String classNames) {
      p.put("fs.s3a.aws.credentials.provider", classNames);
      return this;
    }

    /** HTTP connections per file system instance (S3A default 500). */
    public Builder connectionPoolSize(int connections) {
      if (connections < 1) {
        throw new PlanException("S3 option connectionPoolSize must be >= 1, got " + connections);
      }
      p.put("fs.s3a.connection.maximum", Integer.toString(connections));
      return this;
    }

    /** Part size of multipart uploads; S3 requires at least 5 MiB. */
    public Builder multipartSize(long bytes) {
      if (bytes < 5L << 20) {
        throw new PlanException(
            "S3 option multipartSize must be >= 5 MiB (an S3 limit), got " + bytes);
      }
      p.put("fs.s3a.multipart.size", Long.toString(bytes));
      return this;
    }

    public S3Options build() {
      return new S3Options(p);
    }
  }
}
