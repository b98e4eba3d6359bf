package io.sluice.api.spi;

import java.io.IOException;
import java.io.Serializable;

/**
 * A serializable way back to a {@link WriteJob} created on the driver, for backends whose task
 * writers and job commit run in other processes (a Flink cluster's TaskManagers).
 *
 * <p>Call-order rules: the driver creates the job ({@link Datasink#createJob}) and takes its
 * handle; a worker calls {@link #reopen()} and then only {@link WriteJob#openTask} (any number,
 * concurrently) or, in exactly one place, {@link WriteJob#commit}. {@link WriteJob#abort} stays
 * with the driver. Reopening attaches to the attempt area the driver created: it neither clears it
 * nor publishes.
 */
public interface WriteJobHandle extends Serializable {

  WriteJob reopen() throws IOException;
}
