package io.sluice.connectors.fs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;

/**
 * Short-lived cache of listings, for jobs that expand the same globs or prefixes again and again
 * (on object stores each listing is a paged round trip). Off by default: a cached listing does not
 * see files added since. Keyed by settings and location, so different credentials never share
 * entries; one TTL for all entries (the longest asked for wins while an entry lives).
 */
final class ListingCache {

  private record Key(FsConfig config, String location) {}

  private static final Cache<Key, Timed> CACHE =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  private record Timed(List<FileEntry> files, long expiresAtNanos) {}

  private ListingCache() {}

  static List<FileEntry> get(FsConfig config, String location) {
    Timed t = CACHE.getIfPresent(new Key(config, location));
    if (t == null || System.nanoTime() - t.expiresAtNanos() > 0) {
      return null;
    }
    return t.files();
  }

  static void put(FsConfig config, String location, List<FileEntry> files, Duration ttl) {
    CACHE.put(
        new Key(config, location),
        new Timed(List.copyOf(files), System.nanoTime() + ttl.toNanos()));
  }

  /** Forgets every cached listing (tests, or after writing where a cached listing points). */
  static void invalidateAll() {
    CACHE.invalidateAll();
  }
}
