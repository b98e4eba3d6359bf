package io.sluice.connectors.parquet.convert;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;

/** A Parquet group into an Arrow struct; children missing from a record become nulls. */
final class StructAppender extends GroupConverter implements VectorAppender {

  private final VectorAppender[] children;
  private StructVector vector;
  private int pos;

  StructAppender(List<VectorAppender> children) {
    this.children = children.toArray(new VectorAppender[0]);
  }

  @Override
  public Converter converter() {
    return this;
  }

  @Override
  public Converter getConverter(int fieldIndex) {
    return children[fieldIndex].converter();
  }

  @Override
  public void bind(FieldVector v) {
    vector = (StructVector) v;
    pos = 0;
    List<FieldVector> vectors = vector.getChildrenFromFields();
    for (int i = 0; i < children.length; i++) {
      children[i].bind(vectors.get(i));
    }
  }

  @Override
  public int position() {
    return pos;
  }

  @Override
  public void start() {}

  @Override
  public void end() {
    for (VectorAppender c : children) {
      if (c.position() == pos) {
        c.appendNull();
      }
    }
    vector.setIndexDefined(pos++);
  }

  @Override
  public void appendNull() {
    for (VectorAppender c : children) {
      c.appendNull();
    }
    vector.setNull(pos++);
  }
}
