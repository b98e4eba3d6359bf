package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Aggregate;
import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobResult;
import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.SortKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * groupBy/aggregate, unique and multi-key sort on data several times the memory budget, against the
 * same figures computed with plain Java over the generated rows (SQL's null rules).
 */
class GroupByTest {

  static final int ROWS = 300_000; // 4 columns: about 7 MB, 7x the budget
  static final Schema SCHEMA =
      new Schema(
          List.of(
              Field.nullable("id", new ArrowType.Int(64, true)),
              Field.nullable("k", new ArrowType.Int(64, true)),
              Field.nullable("v", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
              Field.nullable("c", ArrowType.Utf8.INSTANCE)));

  @TempDir Path spill;

  ExecutionOptions.Builder opts() {
    return ExecutionOptions.builder()
        .cpuSlots(2)
        .progress(false)
        .spillDir(spill)
        .memoryBudgetBytes(1 << 20)
        .targetBlockBytes(128 << 10);
  }

  /** A key in [0, 500) with nulls every 97th row. */
  static Long k(long id) {
    return id % 97 == 0 ? null : (id * 2654435761L) % 500;
  }

  /** A value with nulls every 13th row; key 7's values are all null. */
  static Double v(long id) {
    Long k = k(id);
    return id % 13 == 0 || Objects.equals(k, 7L) ? null : (id % 1000) / 8.0 - 40;
  }

  static String c(long id) {
    return "c" + (id % 5);
  }

  static Dataset rows(Sluice s, int n) {
    return s.range(n)
        .mapBatches(
            (b, a) -> {
              BigIntVector in = (BigIntVector) b.getVector("id");
              VectorSchemaRoot out = VectorSchemaRoot.create(SCHEMA, a);
              out.allocateNew();
              for (int i = 0; i < b.getRowCount(); i++) {
                long id = in.get(i);
                ((BigIntVector) out.getVector("id")).setSafe(i, id);
                Long k = k(id);
                if (k == null) {
                  ((BigIntVector) out.getVector("k")).setNull(i);
                } else {
                  ((BigIntVector) out.getVector("k")).setSafe(i, k);
                }
                Double v = v(id);
                if (v == null) {
                  ((Float8Vector) out.getVector("v")).setNull(i);
                } else {
                  ((Float8Vector) out.getVector("v")).setSafe(i, v);
                }
                ((VarCharVector) out.getVector("c"))
                    .setSafe(i, c(id).getBytes(StandardCharsets.UTF_8));
              }
              out.setRowCount(b.getRowCount());
              return out;
            },
            Compute.tasks(),
            SCHEMA);
  }

  /** count(*), count(v), sum(v), min(v), max(v), mean(v) of one group, the reference way. */
  record Expected(long rows, long values, Double sum, Double min, Double max, Double mean) {}

  static Map<List<Object>, Expected> expected(int n) {
    Map<List<Object>, List<Long>> ids = new HashMap<>();
    for (long id = 0; id < n; id++) {
      ids.computeIfAbsent(Arrays.asList(k(id), c(id)), x -> new ArrayList<>()).add(id);
    }
    Map<List<Object>, Expected> out = new HashMap<>();
    ids.forEach(
        (key, group) -> {
          List<Double> vs = group.stream().map(GroupByTest::v).filter(Objects::nonNull).toList();
          out.put(
              key,
              new Expected(
                  group.size(),
                  vs.size(),
                  vs.isEmpty() ? null : vs.stream().mapToDouble(Double::doubleValue).sum(),
                  vs.stream().min(Comparator.naturalOrder()).orElse(null),
                  vs.stream().max(Comparator.naturalOrder()).orElse(null),
                  vs.isEmpty()
                      ? null
                      : vs.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        });
    return out;
  }

  @Test
  void aggregatesMatchAPlainJavaComputationWhileSpilling() {
    try (Sluice s = Sluice.local(opts().build())) {
      JobResult<List<Row>> got =
          rows(s, ROWS)
              .groupBy("k", "c")
              .aggregate(
                  Aggregate.count(),
                  Aggregate.count("v"),
                  Aggregate.sum("v"),
                  Aggregate.min("v"),
                  Aggregate.max("v"),
                  Aggregate.mean("v"))
              .takeAllWithStats();
      Map<List<Object>, Expected> want = expected(ROWS);
      Map<List<Object>, Expected> have = new HashMap<>();
      for (Row r : got.value()) {
        assertThat(r.names())
            .containsExactly(
                "k", "c", "count()", "count(v)", "sum(v)", "min(v)", "max(v)", "mean(v)");
        List<Object> key = Arrays.asList(r.get("k"), r.getString("c"));
        assertThat(have).as("one row per group").doesNotContainKey(key);
        have.put(
            key,
            new Expected(
                r.getLong("count()"),
                r.getLong("count(v)"),
                (Double) r.get("sum(v)"),
                (Double) r.get("min(v)"),
                (Double) r.get("max(v)"),
                (Double) r.get("mean(v)")));
      }
      assertThat(have.keySet()).isEqualTo(want.keySet());
      assertThat(have.keySet())
          .as("null keys form groups of their own")
          .anyMatch(key -> key.get(0) == null);
      for (var e : want.entrySet()) {
        Expected w = e.getValue();
        Expected h = have.get(e.getKey());
        assertThat(h.rows()).as("count() of %s", e.getKey()).isEqualTo(w.rows());
        assertThat(h.values()).isEqualTo(w.values());
        assertThat(h.min()).isEqualTo(w.min());
        assertThat(h.max()).isEqualTo(w.max());
        if (w.sum() == null) {
          assertThat(h.sum()).as("sum of only nulls is null").isNull();
          assertThat(h.mean()).isNull();
        } else {
          assertThat(h.sum()).isCloseTo(w.sum(), Offset.offset(1e-6));
          assertThat(h.mean()).isCloseTo(w.mean(), Offset.offset(1e-9));
        }
      }
      assertThat(got.stats().spilledBytes()).as("the input was 7x the budget").isPositive();
    }
  }

  @Test
  void uniqueListsEachValueOnceNullIncluded() {
    try (Sluice s = Sluice.local(opts().build())) {
      List<Object> got = rows(s, ROWS).unique("k");
      Set<Object> want = new HashSet<>();
      LongStream.range(0, ROWS).forEach(id -> want.add(k(id)));
      assertThat(got)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(want)
          .containsNull();
    }
  }

  @Test
  void sumOfIntegersStaysInt64AndEmptyInputHasNoGroups() {
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset ds = s.range(1000).map(r -> Row.of("g", r.getLong("id") % 3, "x", r.getLong("id")));
      List<Row> got =
          ds.groupBy("g")
              .aggregate(Aggregate.sum("x").as("total"), Aggregate.min("x"))
              .sort("g")
              .takeAll();
      assertThat(got)
          .extracting(r -> r.get("total"))
          .containsExactly(
              LongStream.range(0, 1000).filter(i -> i % 3 == 0).sum(),
              LongStream.range(0, 1000).filter(i -> i % 3 == 1).sum(),
              LongStream.range(0, 1000).filter(i -> i % 3 == 2).sum());
      assertThat(got).extracting(r -> r.get("min(x)")).containsExactly(0L, 1L, 2L);
      assertThat(s.range(0).groupBy("id").count().count()).isZero();
    }
  }

  @Test
  void badAggregatesFailAtPlanTime() {
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset ds = rows(s, 10);
      assertThatThrownBy(() -> ds.groupBy("c").aggregate(Aggregate.mean("c")).schema())
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("integer or floating-point");
      assertThatThrownBy(() -> ds.groupBy("nope").count().schema()).hasMessageContaining("nope");
      assertThatThrownBy(() -> ds.groupBy("k").aggregate(Aggregate.sum("v"), Aggregate.sum("v")))
          .hasMessageContaining("twice");
    }
  }

  @Test
  void multiKeySortMatchesAJavaSortWhileSpilling() {
    try (Sluice s = Sluice.local(opts().build())) {
      List<Row> got =
          rows(s, ROWS)
              .select("id", "k", "c")
              .sort(SortKey.asc("c"), SortKey.desc("k"), SortKey.asc("id"))
              .takeAll();
      Comparator<Long> nullsLastDesc = Comparator.nullsLast(Comparator.<Long>reverseOrder());
      List<Long> want =
          LongStream.range(0, ROWS)
              .boxed()
              .sorted(
                  Comparator.comparing(GroupByTest::c)
                      .thenComparing(GroupByTest::k, nullsLastDesc)
                      .thenComparing(Comparator.naturalOrder()))
              .toList();
      assertThat(got).extracting(r -> r.getLong("id")).containsExactlyElementsOf(want);
    }
  }
}
