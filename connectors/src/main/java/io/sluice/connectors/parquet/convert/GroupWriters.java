package io.sluice.connectors.parquet.convert;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writers for structs, lists (standard 3-level {@code LIST}: {@code list} / {@code element}) and
 * maps.
 */
final class GroupWriters {

  private GroupWriters() {}

  static final class Struct extends FieldWriter {
    private final FieldWriter[] children;

    Struct(String name, int index, List<FieldWriter> children) {
      super(name, index);
      this.children = children.toArray(new FieldWriter[0]);
    }

    @Override
    void bind(FieldVector v) {
      super.bind(v);
      List<FieldVector> vectors = ((StructVector) v).getChildrenFromFields();
      for (int i = 0; i < children.length; i++) {
        children[i].bind(vectors.get(i));
      }
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      rc.startGroup();
      for (FieldWriter c : children) {
        c.writeField(rc, i);
      }
      rc.endGroup();
    }
  }

  /**
   * {@code list}, {@code fixed_size_list} and {@code map}: a group holding one repeated group
   * ({@code repeatedName}: {@code list} or {@code key_value}) per element, written by {@code
   * entry}.
   */
  static final class ListWriter extends FieldWriter {
    private final String repeatedName;
    private final FieldWriter entry;

    ListWriter(String name, int index, String repeatedName, FieldWriter entry) {
      super(name, index);
      this.repeatedName = repeatedName;
      this.entry = entry;
    }

    @Override
    void bind(FieldVector v) {
      super.bind(v);
      FieldVector data =
          v instanceof ListVector l
              ? l.getDataVector()
              : (FieldVector) ((FixedSizeListVector) v).getDataVector();
      entry.bind(data);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      BaseListVector l = (BaseListVector) vector;
      int from = l.getElementStartIndex(i);
      int to = l.getElementEndIndex(i);
      rc.startGroup();
      if (to > from) {
        rc.startField(repeatedName, 0);
        for (int e = from; e < to; e++) {
          entry.writeValue(rc, e);
        }
        rc.endField(repeatedName, 0);
      }
      rc.endGroup();
    }
  }

  /** A list's repeated {@code list} group around its (optional or required) {@code element}. */
  static final class Entry extends FieldWriter {
    private final FieldWriter element;

    Entry(FieldWriter element) {
      super("list", 0);
      this.element = element;
    }

    @Override
    void bind(FieldVector v) {
      super.bind(v);
      element.bind(v);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      rc.startGroup();
      element.writeField(rc, i);
      rc.endGroup();
    }
  }
}
