package io.sluice.api.udf;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds {@link BatchUdf} instances: the plan holds factories, each worker thread or actor gets its
 * own instance. A stateful UDF (a model) does its expensive set-up in {@link #create}, which runs
 * once per actor.
 *
 * <p>Call-order rules: {@link #outputSchema} may be called on the driver before the job starts, any
 * number of times; {@link #create} is called once per worker or actor, possibly on different
 * threads at the same time, so the factory itself must be immutable.
 */
public interface UdfFactory extends Serializable {

  /** A short name for progress, stats and error messages. */
  String name();

  /** Builds one instance for one worker or actor. */
  BatchUdf create(UdfContext context) throws Exception;

  /**
   * Validates the input schema and declares the output schema, when it is known without running.
   * Throw {@link io.sluice.api.PlanException} listing both sides when the input does not fit. An
   * empty result means "unknown until the first batch"; the executor then checks that every batch
   * has the schema of the first.
   */
  default Optional<Schema> outputSchema(Schema input) {
    return Optional.empty();
  }

  /** Wraps a stateless function as a factory whose instances all share {@code fn}. */
  static UdfFactory of(String name, BatchFn fn) {
    return of(name, fn, null);
  }

  /**
   * Wraps a stateless function with a declared output schema (null: unknown), checked on every
   * batch.
   */
  static UdfFactory of(String name, BatchFn fn, Schema declared) {
    // as JSON: Arrow's Schema is not Serializable, and factories travel to other JVMs (Flink)
    String declaredJson = declared == null ? null : declared.toJson();
    return new UdfFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public BatchUdf create(UdfContext context) {
        return fn::apply;
      }

      @Override
      public Optional<Schema> outputSchema(Schema input) {
        if (declaredJson == null) {
          return Optional.empty();
        }
        try {
          return Optional.of(Schema.fromJSON(declaredJson));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read back the declared schema of " + name, e);
        }
      }
    };
  }
}
