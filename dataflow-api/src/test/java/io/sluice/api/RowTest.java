package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowTest {

  @Test
  void accessorsByNameAndIndex() {
    Row r = Row.of("id", 7L, "text", "hi", "emb", new float[] {1f, 2f}, "ok", true, "n", null);
    assertThat(r.size()).isEqualTo(5);
    assertThat(r.names()).containsExactly("id", "text", "emb", "ok", "n");
    assertThat(r.name(1)).isEqualTo("text");
    assertThat(r.get(0)).isEqualTo(7L);
    assertThat(r.getLong("id")).isEqualTo(7L);
    assertThat(r.getInt("id")).isEqualTo(7);
    assertThat(r.getDouble("id")).isEqualTo(7.0);
    assertThat(r.getString("text")).isEqualTo("hi");
    assertThat(r.getFloats("emb")).containsExactly(1f, 2f);
    assertThat(r.getBoolean("ok")).isTrue();
    assertThat(r.isNull("n")).isTrue();
    assertThat(r.getString("n")).isNull();
    assertThat(r.has("id")).isTrue();
    assertThat(r.has("nope")).isFalse();
    assertThat(r.indexOf("nope")).isEqualTo(-1);
    assertThatThrownBy(() -> r.get("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("[id, text, emb, ok, n]");
  }

  @Test
  void withAndWithoutCopy() {
    Row r = Row.of("a", 1L, "b", 2L);
    assertThat(r.with("c", 3L)).isEqualTo(Row.of("a", 1L, "b", 2L, "c", 3L));
    assertThat(r.with("a", 9L)).isEqualTo(Row.of("a", 9L, "b", 2L));
    assertThat(r.without("a")).isEqualTo(Row.of("b", 2L));
    assertThat(r).isEqualTo(Row.of("a", 1L, "b", 2L)); // unchanged
    Map<String, Object> m = r.asMap();
    m.put("z", 0);
    assertThat(r.size()).isEqualTo(2);
  }

  @Test
  void fromMapKeepsOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1);
    m.put("a", null);
    assertThat(Row.fromMap(m).names()).containsExactly("z", "a");
    assertThat(Row.fromMap(m).get("a")).isNull();
  }

  @Test
  void equalityIsDeepAndOrderSensitive() {
    Row a = Row.of("v", new float[] {1f}, "b", new byte[] {1, 2}, "l", List.of(1L));
    Row b = Row.of("v", new float[] {1f}, "b", new byte[] {1, 2}, "l", List.of(1L));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(Row.of("x", 1L, "y", 2L)).isNotEqualTo(Row.of("y", 2L, "x", 1L));
    assertThat(Row.of("x", 1L)).isNotEqualTo(Row.of("x", 1));
    assertThat(a.toString()).contains("v=[1.0]").contains("b=bytes[2]");
  }

  @Test
  void invalidRowsFail() {
    assertThatThrownBy(() -> Row.of("a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Row.of("a", 1, "a", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> new SimpleRow(new String[] {"a"}, new Object[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SimpleRow.shared(new String[] {"a"}, new Object[] {1}).get("a")).isEqualTo(1);
  }
}
