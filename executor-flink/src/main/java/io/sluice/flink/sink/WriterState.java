package io.sluice.flink.sink;

import io.sluice.api.spi.WriteTaskResult;
import java.io.Serializable;
import java.util.ArrayList;

/**
 * A writer subtask's checkpointed state: the next segment number and the ledger of the segments it
 * committed up to the checkpoint (their attempt files hold exactly the rows before the barrier).
 */
public record WriterState(long nextSegment, ArrayList<WriteTaskResult> segments)
    implements Serializable {}
