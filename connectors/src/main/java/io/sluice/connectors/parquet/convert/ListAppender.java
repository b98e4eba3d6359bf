package io.sluice.connectors.parquet.convert;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;

/**
 * A Parquet {@code LIST} group into an Arrow list. The element appender writes into the list's data
 * vector at its own position, so a list's length is how far the element position moved.
 */
final class ListAppender extends GroupConverter implements VectorAppender {

  private final VectorAppender elements;
  private ListVector vector;
  private int pos;
  private int start;

  ListAppender(VectorAppender elements) {
    this.elements = elements;
  }

  @Override
  public Converter converter() {
    return this;
  }

  @Override
  public Converter getConverter(int fieldIndex) {
    return elements.converter();
  }

  @Override
  public void bind(FieldVector v) {
    vector = (ListVector) v;
    pos = 0;
    elements.bind(vector.getDataVector());
  }

  @Override
  public int position() {
    return pos;
  }

  @Override
  public void start() {
    vector.startNewValue(pos);
    start = elements.position();
  }

  @Override
  public void end() {
    vector.endValue(pos++, elements.position() - start);
  }

  @Override
  public void appendNull() {
    vector.setNull(pos++);
  }
}
