package io.sluice.cli.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last log lines of the run, for the dashboard's log tail. The launcher logs through
 * slf4j-simple, which has no appenders but writes each record as one line to whatever {@code
 * System.err} is at that moment; so this tees {@code System.err}, keeps the lines in slf4j-simple's
 * format ({@code [thread] LEVEL logger - message}) at {@code minLevel} and above in a ring of
 * {@code capacity}, and passes everything through unchanged. Values after a secret-looking key
 * ({@code secret=}, {@code password:}, {@code token=} ...) are redacted, as the dashboard must show
 * no credential.
 *
 * <p>Call-order rules: {@link #install} once, {@link #close} once (restores the stream it found,
 * unless something replaced it since); {@link #lines} from any thread.
 */
public final class LogTail implements AutoCloseable {

  /** Levels in slf4j-simple's spelling, lowest first. */
  static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  private static final Pattern LINE =
      Pattern.compile("^(?:\\[([^\\]]*)\\] )?(TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");
  private static final Pattern SECRET =
      Pattern.compile(
          "(?i)((?:secret|password|passwd|token|credential|access[._-]?key)[\\w.-]*\"?\\s*[=:]\\s*\"?)[^\\s\",;}]+");

  private final int capacity;
  private int minLevel;
  private final long startNanos = System.nanoTime();
  private final ArrayDeque<ObjectNode> ring = new ArrayDeque<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private PrintStream original;
  private PrintStream tee;

  LogTail(int capacity, String minLevel) {
    this.capacity = capacity;
    this.minLevel = LEVELS.indexOf(minLevel);
    if (this.minLevel < 0) {
      throw new IllegalArgumentException("log level " + minLevel + ": not one of " + LEVELS);
    }
  }

  /**
   * Tees {@code System.err} into a new tail of the last {@code capacity} lines at {@code minLevel}
   * and above.
   */
  public static LogTail install(int capacity, String minLevel) {
    LogTail tail = new LogTail(capacity, minLevel);
    tail.original = System.err;
    PrintStream to = tail.original;
    tail.tee =
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                to.write(b);
                tail.take(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                to.write(b, off, len);
                tail.take(b, off, len);
              }

              @Override
              public void flush() {
                to.flush();
              }
            },
            true,
            StandardCharsets.UTF_8);
    System.setErr(tail.tee);
    return tail;
  }

  private synchronized void take(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        line(partial.toString(StandardCharsets.UTF_8));
        partial.reset();
      } else if (partial.size() < 16_384) { // a runaway line is cut, not grown without bound
        partial.write(b[i]);
      }
    }
  }

  /**
   * Keeps lines at {@code level} and above from now on (lines kept before stay).
   *
   * @throws IllegalArgumentException unless {@code level} is one of {@link #LEVELS}
   */
  synchronized void minLevel(String level) {
    int i = LEVELS.indexOf(level);
    if (i < 0) {
      throw new IllegalArgumentException("log level " + level + ": not one of " + LEVELS);
    }
    minLevel = i;
  }

  /** Keeps {@code text} when it is a log line at the tail's level or above. */
  synchronized void line(String text) {
    Matcher m = LINE.matcher(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    if (!m.matches() || LEVELS.indexOf(m.group(2)) < minLevel) {
      return;
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("t", Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0);
    n.put("level", m.group(2));
    n.put("thread", m.group(1));
    n.put("logger", m.group(3));
    n.put("message", redact(m.group(4)));
    ring.addLast(n);
    while (ring.size() > capacity) {
      ring.removeFirst();
    }
  }

  static String redact(String message) {
    return SECRET.matcher(message).replaceAll("$1<redacted>");
  }

  /**
   * The kept lines, oldest first: {@code t} (seconds since the tail began), {@code level}, {@code
   * thread}, {@code logger}, {@code message}.
   */
  public synchronized ArrayNode lines() {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    ring.forEach(n -> out.add(n.deepCopy()));
    return out;
  }

  @Override
  public synchronized void close() {
    if (original != null && System.err == tee) {
      System.setErr(original);
    }
    original = null;
  }
}
