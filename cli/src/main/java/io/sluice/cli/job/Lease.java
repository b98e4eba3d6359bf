package io.sluice.cli.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.fs.CommitProtocols;
import io.sluice.connectors.fs.FileSystems;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.fs.FsPaths;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A lease beside a job's output ({@code <parent>/.<output>.sluice-lease}) so two runs of one job
 * and date never overlap. The file holds owner, host, pid, job id and a token; its modification
 * time is the heartbeat, renewed every third of the timeout.
 *
 * <p>Acquiring creates the file exclusively (atomic on {@code file:} and {@code hdfs:}; on object
 * stores, which have no exclusive create, best effort). A lease is stale, and taken over, when its
 * heartbeat is older than the timeout, or at once when it was taken on this host by a process that
 * no longer exists (a run killed with SIGKILL). Take-over renames the stale file away first, so of
 * two runs taking over at once only one succeeds.
 *
 * <p>Call-order rules: {@link #acquire} once; {@link #close} releases (idempotent), deleting the
 * file only while it still holds this lease's token.
 */
public final class Lease implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path path;
  private final String token = UUID.randomUUID().toString();
  private final Duration timeout;
  private final Clock clock;
  private final boolean objectStore;
  private byte[] content;
  private ScheduledExecutorService heartbeat;
  private boolean held;
  private String tookOver;

  private Lease(FileSystem fs, Path path, Duration timeout, Clock clock) {
    this.fs = fs;
    this.path = path;
    this.timeout = timeout;
    this.clock = clock;
    this.objectStore = CommitProtocols.isObjectStore(path.toString());
  }

  /** The lease path of an output location. */
  public static String pathFor(String output) {
    String o = output.replaceAll("/+$", "");
    int slash = o.lastIndexOf('/');
    return o.substring(0, slash + 1) + "." + o.substring(slash + 1) + ".sluice-lease";
  }

  /**
   * Takes the lease of {@code output} for {@code jobId}.
   *
   * @throws LeaseHeldException naming the holder when a live run holds it
   * @throws IOException when the storage cannot be reached
   */
  public static Lease acquire(
      String output, String jobId, FsConfig config, Duration timeout, Clock clock)
      throws IOException {
    Path p = FsPaths.toPath(pathFor(output));
    FileSystem fs = FileSystems.get(p, config);
    Lease lease = new Lease(fs, fs.makeQualified(p), timeout, clock);
    lease.take(jobId);
    return lease;
  }

  private void take(String jobId) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      if (create(jobId)) {
        held = true;
        startHeartbeat();
        return;
      }
      FileStatus status;
      JsonNode holder;
      try {
        status = fs.getFileStatus(path);
        holder = read();
      } catch (FileNotFoundException gone) {
        continue; // released between our create and our look: try again
      }
      String why = staleness(status, holder);
      if (why == null) {
        Duration age =
            Duration.ofMillis(Math.max(0, clock.millis() - status.getModificationTime()));
        throw new LeaseHeldException(
            "job "
                + jobId
                + " is already running: the lease "
                + path
                + " is held by "
                + describe(holder)
                + ", last heartbeat "
                + age.toSeconds()
                + " s ago (taken over after "
                + timeout.toSeconds()
                + " s without one)");
      }
      Path aside = new Path(path.getParent(), path.getName() + ".stale-" + UUID.randomUUID());
      if (fs.rename(path, aside)) {
        fs.delete(aside, false);
        tookOver = describe(holder) + " (" + why + ")";
      }
    }
    throw new LeaseHeldException(
        "could not take the lease " + path + " for job " + jobId + ": other runs keep taking it");
  }

  private boolean create(String jobId) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("job_id", jobId);
    n.put("owner", System.getProperty("user.name"));
    n.put("host", host());
    n.put("pid", ProcessHandle.current().pid());
    n.put("acquired", Instant.now(clock).toString());
    n.put("token", token);
    content = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    try (OutputStream out = fs.create(path, false)) {
      out.write(content);
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path) && !mine()) {
        return false; // object stores and some file systems report the clash as a plain IOException
      }
      throw e;
    }
    return true;
  }

  /** Null when the holder is alive; otherwise why its lease is stale. */
  private String staleness(FileStatus status, JsonNode holder) {
    long age = clock.millis() - status.getModificationTime();
    if (age > timeout.toMillis()) {
      return "no heartbeat for " + age / 1000 + " s";
    }
    if (holder != null
        && host().equals(holder.path("host").asText())
        && holder.has("pid")
        && ProcessHandle.of(holder.get("pid").asLong()).map(h -> !h.isAlive()).orElse(true)) {
      return "process " + holder.get("pid").asLong() + " no longer exists";
    }
    return null;
  }

  private JsonNode read() throws IOException {
    try (InputStream in = fs.open(path)) {
      return JSON.readTree(in);
    } catch (JsonProcessingException e) {
      return null; // being written: judged by its heartbeat alone
    }
  }

  private boolean mine() {
    try {
      JsonNode n = read();
      return n != null && token.equals(n.path("token").asText());
    } catch (IOException e) {
      return false;
    }
  }

  private static String describe(JsonNode holder) {
    if (holder == null) {
      return "another run (the lease file is being written)";
    }
    return holder.path("owner").asText("?")
        + "@"
        + holder.path("host").asText("?")
        + " pid "
        + holder.path("pid").asText("?")
        + " (job "
        + holder.path("job_id").asText("?")
        + ", since "
        + holder.path("acquired").asText("?")
        + ")";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private void startHeartbeat() {
    long period = Math.max(100, timeout.toMillis() / 3);
    heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-lease-heartbeat");
              t.setDaemon(true);
              return t;
            });
    heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Renews the heartbeat: the file's modification time; on object stores, which cannot set it, by
   * writing the file again.
   */
  void beat() {
    try {
      if (objectStore) {
        try (OutputStream out = fs.create(path, true)) {
          out.write(content);
        }
      } else {
        fs.setTimes(path, clock.millis(), -1);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // a missed beat is harmless unless the storage stays away for the whole timeout
    }
  }

  /** Where the lease is. */
  public String path() {
    return path.toString();
  }

  /** The stale holder this run took the lease over from, or null. */
  public String tookOver() {
    return tookOver;
  }

  @Override
  public synchronized void close() {
    if (!held) {
      return;
    }
    held = false;
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    try {
      if (mine()) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      // left behind: the next run takes it over once its heartbeat is stale
    }
  }
}
