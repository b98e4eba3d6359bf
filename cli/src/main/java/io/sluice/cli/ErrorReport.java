package io.sluice.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure as one paragraph: the exception's message followed by each cause's, skipping causes
 * whose message the outer ones already repeat. Users see what failed and why without a stack trace;
 * {@code --verbose} adds the trace.
 */
final class ErrorReport {

  private static final int MAX_DEPTH = 20;

  private ErrorReport() {}

  static String of(Throwable error) {
    List<String> parts = new ArrayList<>();
    StringBuilder seen = new StringBuilder();
    int depth = 0;
    for (Throwable t = error; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      String message = t.getMessage() == null ? "" : t.getMessage().strip();
      if (!message.isEmpty() && seen.indexOf(message) >= 0) {
        continue;
      }
      seen.append(message).append('\n');
      parts.add(describe(t, message));
    }
    return String.join("; caused by: ", parts).replaceAll("\\s*\\R\\s*", " ");
  }

  /** I/O exceptions keep their type: "NoSuchFileException: /x" says more than "/x". */
  private static String describe(Throwable t, String message) {
    if (message.isEmpty()) {
      return t.getClass().getSimpleName();
    }
    return t instanceof IOException ? t.getClass().getSimpleName() + ": " + message : message;
  }
}
