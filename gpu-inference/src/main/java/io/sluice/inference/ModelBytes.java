package io.sluice.inference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.api.PlanException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Model bytes of classpath resources, read from the jar once per JVM and shared by every session
 * built from them (ORT takes a file path or bytes, and extracting a temp file per actor would be
 * slower and leave litter). Soft values: the heap can reclaim them once sessions are built.
 */
final class ModelBytes {

  private static final long MAX_BYTES = 1L << 30;

  private static final Cache<String, byte[]> BYTES =
      Caffeine.newBuilder()
          .maximumWeight(MAX_BYTES)
          .weigher((String k, byte[] v) -> v.length)
          .softValues()
          .build();

  private ModelBytes() {}

  /** The bytes of a resource model, keyed by its {@link ModelSource#identity()}. */
  static byte[] of(ModelSource source, String identity) {
    return BYTES.get(identity, id -> read(source));
  }

  private static byte[] read(ModelSource source) {
    try (InputStream in = source.url().openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new PlanException("cannot read model " + source + ": " + e.getMessage(), e);
    }
  }
}
