package io.sluice.remote;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test rows ({@code id}, {@code text}) and executor options sized for a 2-core machine. */
final class Corpus {

  private static final String[] SUBJECTS = {
    "The river",
    "A small dog",
    "The committee",
    "Our new engine",
    "An old lighthouse",
    "The night train",
    "A quiet student",
    "The city council"
  };
  private static final String[] VERBS = {
    "crossed", "ignored", "reviewed", "streamed", "painted", "measured", "postponed", "celebrated"
  };
  private static final String[] OBJECTS = {
    "the stone bridge",
    "every Arrow batch",
    "the budget report",
    "a thousand embeddings",
    "the harbour at dawn",
    "the final exam",
    "the broken clock",
    "the election results"
  };

  private Corpus() {}

  /** {@code n} distinct sentences of varied length. */
  static List<String> texts(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String s =
          SUBJECTS[i % 8]
              + " "
              + VERBS[(i / 8) % 8]
              + " "
              + OBJECTS[(i / 64) % 8]
              + " (note "
              + i
              + ")";
      out.add(
          i % 5 == 0 ? s + " and then, much later, " + OBJECTS[(i * 3) % 8] + " again." : s + ".");
    }
    return out;
  }

  static List<Row> rows(List<String> texts) {
    List<Row> rows = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      rows.add(Row.of("id", (long) i, "text", texts.get(i)));
    }
    return rows;
  }

  static ExecutionOptions.Builder opts() {
    return ExecutionOptions.builder()
        .cpuSlots(2)
        .progress(false)
        .retryBackoff(Duration.ofMillis(1));
  }
}
