package io.sluice.connectors.parquet.convert;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.io.api.RecordConsumer;

/** Writers for structs and lists (standard 3-level {@code LIST}: {@code list} / {@code element}). */
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

  /** {@code list} and {@code fixed_size_list}. */
  static final class ListWriter extends FieldWriter {
    private final FieldWriter element;

    ListWriter(String name, int index, FieldWriter element) {
      super(name, index);
      this.element = element;
    }

    @Override
    void bind(FieldVector v) {
      super.bind(v);
      FieldVector data = v instanceof ListVector l ? l.getDataVector() : (FieldVector) ((FixedSizeListVector) v).getDataVector();
      element.bind(data);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      BaseListVector l = (BaseListVector) vector;
      int from = l.getElementStartIndex(i);
      int to = l.getElementEndIndex(i);
      rc.startGroup();
      if (to > from) {
        rc.startField("list", 0);
        for (int e = from; e < to; e++) {
          rc.startGroup();
          element.writeField(rc, e);
          rc.endGroup();
        }
        rc.endField("list", 0);
      }
      rc.endGroup();
    }
  }
}
