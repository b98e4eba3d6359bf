package io.sluice.flink;

import io.sluice.api.ErrorPolicy;
import io.sluice.flink.stage.StageErrors;
import io.sluice.operators.fault.DeadLetter;
import io.sluice.operators.fault.DeadLetterWriter;
import io.sluice.operators.fault.ErrorBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The driver's side of {@link ErrorPolicy.OnError#SKIP} on Flink, before anything is published: the
 * stages' dead letters summed over every subtask, checked against the job's budget (the same {@link
 * ErrorBudget} and message as the local backend) and written with the same {@link
 * DeadLetterWriter}.
 */
final class DriverDeadLetters {

  private DriverDeadLetters() {}

  /** Every stage's dead letters from a finished job's accumulators, in operator order. */
  static List<DeadLetter> gather(Map<String, Object> accumulators) {
    List<DeadLetter> out = new ArrayList<>();
    accumulators.entrySet().stream()
        .filter(e -> e.getKey().endsWith("|" + StageErrors.DEAD_LETTERS))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              for (Object d : (List<?>) e.getValue()) {
                out.add((DeadLetter) d);
              }
            });
    return out;
  }

  /**
   * Counts {@code letters} against the budget and writes them; throws a {@code SluiceException}
   * naming the budget and the dead-letter path when the job skipped more than it may.
   *
   * @param defaultPath where dead letters go when the policy names no path (beside the output)
   */
  static ErrorBudget check(
      ErrorPolicy policy,
      String defaultPath,
      List<DeadLetter> letters,
      String jobId,
      BufferAllocator root)
      throws IOException {
    String path = policy.deadLetterPath() != null ? policy.deadLetterPath() : defaultPath;
    ErrorBudget budget = new ErrorBudget(policy, path);
    if (letters.isEmpty()) {
      return budget;
    }
    budget.skipRows(letters.stream().filter(d -> !d.isBlock()).toList());
    if (path != null) {
      try (BufferAllocator a = root.newChildAllocator(jobId + "-dead-letters", 0, Long.MAX_VALUE)) {
        DeadLetterWriter.write(letters, path, jobId, a);
      }
    }
    return budget;
  }
}
