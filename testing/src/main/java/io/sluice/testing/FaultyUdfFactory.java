package io.sluice.testing;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decorates a {@link UdfFactory}: each instance draws, before every call, whether the call fails
 * ({@link InjectedFault}) or its actor dies ({@link InjectedActorDeath}); otherwise the wrapped
 * instance runs. Name and output schema are the wrapped factory's, so plans and stats look the
 * same. Draws are keyed by the instance's worker index and its call count.
 */
public final class FaultyUdfFactory implements UdfFactory {

  private static final long serialVersionUID = 1L;
  private final UdfFactory udf;
  private final Faults faults;
  private final double failure;
  private final double death;

  FaultyUdfFactory(UdfFactory udf, Faults faults, double failure, double death) {
    Faults.checkProbability("failure", failure);
    Faults.checkProbability("actor death", death);
    this.udf = udf;
    this.faults = faults;
    this.failure = failure;
    this.death = death;
  }

  /** The same decorator whose calls also kill their actor's thread with probability {@code p}. */
  public FaultyUdfFactory dyingActors(double p) {
    return new FaultyUdfFactory(udf, faults, failure, p);
  }

  @Override
  public String name() {
    return udf.name();
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    return udf.outputSchema(input);
  }

  @Override
  public BatchUdf create(UdfContext context) throws Exception {
    BatchUdf inner = udf.create(context);
    String site = udf.name();
    long unit = context.workerIndex();
    return new BatchUdf() {
      private long calls;

      @Override
      public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator)
          throws Exception {
        long n = calls++;
        if (faults.strikes(death, site + "/death", unit, n)) {
          throw new InjectedActorDeath(context.toString(), n);
        }
        if (faults.strikes(failure, site, unit, n)) {
          throw new InjectedFault(site, unit, n);
        }
        return inner.apply(input, allocator);
      }

      @Override
      public Map<String, Long> counters() {
        return inner.counters();
      }

      @Override
      public void close() throws Exception {
        inner.close();
      }
    };
  }
}
