package io.sluice.flink.sink;

import io.sluice.api.spi.WriteTaskResult;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;

/**
 * The per-subtask commit step: a task attempt's files are final once its writer committed them
 * ({@code TaskWriter.commit}); nothing is visible until the job commit, so there is nothing to do
 * here but let the committables flow on to the {@link PublishOperator}.
 */
final class PassThroughCommitter implements Committer<WriteTaskResult> {

  @Override
  public void commit(Collection<CommitRequest<WriteTaskResult>> requests) {
    // Accepting a request marks it successful; Flink then emits it downstream.
  }

  @Override
  public void close() {}
}
