package io.sluice.api;

import java.util.Objects;

/**
 * What a consumer returned together with the statistics of the one job that computed it, so a
 * caller running several jobs at once never reads another job's figures.
 *
 * <pre>{@code
 * JobResult<Long> counted = ds.countWithStats();
 * System.out.println(counted.value() + " rows");
 * System.out.print(counted.stats().toTable());
 * }</pre>
 *
 * @param value the consumer's result (a row count, the rows taken)
 * @param stats the finished job's figures
 * @param <T> the result's type
 */
public record JobResult<T>(T value, JobStats stats) {

  public JobResult {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(stats, "stats");
  }
}
