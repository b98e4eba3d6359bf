package io.sluice.executor.op;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.SharedResources;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * UDF instances of a stateless operator, reused across its tasks: a task borrows an idle instance
 * (or builds one), so at most as many instances exist as tasks ever ran at once, and each instance
 * serves one thread at a time. Thread-safe.
 */
final class UdfInstances {

  private final String operator;
  private final UdfFactory factory;
  private final double cpus;
  private final SharedResources resources;
  private final ConcurrentLinkedDeque<BatchUdf> idle = new ConcurrentLinkedDeque<>();
  private final List<BatchUdf> all = new ArrayList<>();

  UdfInstances(String operator, UdfFactory factory, double cpus, SharedResources resources) {
    this.operator = operator;
    this.factory = factory;
    this.cpus = cpus;
    this.resources = resources;
  }

  BatchUdf borrow() throws Exception {
    BatchUdf udf = idle.pollFirst();
    if (udf != null) {
      return udf;
    }
    int index;
    synchronized (all) {
      index = all.size();
    }
    udf = factory.create(UdfContext.cpu(operator, index, cpus).withResources(resources));
    synchronized (all) {
      all.add(udf);
    }
    return udf;
  }

  void giveBack(BatchUdf udf) {
    idle.addFirst(udf);
  }

  /** Closes every instance; the first failure is thrown after all were tried. */
  void closeAll() {
    RuntimeException first = null;
    synchronized (all) {
      for (BatchUdf u : all) {
        try {
          u.close();
        } catch (Exception e) {
          if (first == null) {
            first = new RuntimeException("closing a UDF instance of '" + operator + "' failed", e);
          }
        }
      }
      all.clear();
    }
    idle.clear();
    if (first != null) {
      throw first;
    }
  }
}
