package io.sluice.cli.job;

import java.util.List;

/**
 * A job file that cannot run as written: each problem names the file, the line, the key (a dotted
 * path such as {@code sink.mode} or {@code steps[2].filter}) and what was expected. The launcher
 * exits 2 on it.
 */
public final class JobFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** One problem: {@code line} is 1-based, 0 when unknown. */
  public record Problem(int line, String key, String message) {
    @Override
    public String toString() {
      return (line > 0 ? "line " + line + ": " : "") + (key.isEmpty() ? "" : key + ": ") + message;
    }
  }

  private final String file;
  private final transient List<Problem> problems;

  public JobFileException(String file, List<Problem> problems) {
    super(format(file, problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public JobFileException(String file, int line, String key, String message) {
    this(file, List.of(new Problem(line, key, message)));
  }

  public String file() {
    return file;
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String format(String file, List<Problem> problems) {
    if (problems.size() == 1) {
      return file + ": " + problems.get(0);
    }
    StringBuilder sb =
        new StringBuilder(file).append(": ").append(problems.size()).append(" problems");
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
