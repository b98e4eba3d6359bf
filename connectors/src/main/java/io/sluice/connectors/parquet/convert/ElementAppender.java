package io.sluice.connectors.parquet.convert;

import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;

/**
 * The {@code repeated group list} of a 3-level list: one start/end per element; an element the
 * group ends without is a null element.
 */
final class ElementAppender extends GroupConverter implements VectorAppender {

  private final VectorAppender element;
  private int before;

  ElementAppender(VectorAppender element) {
    this.element = element;
  }

  @Override
  public Converter converter() {
    return this;
  }

  @Override
  public Converter getConverter(int fieldIndex) {
    return element.converter();
  }

  @Override
  public void bind(FieldVector vector) {
    element.bind(vector);
  }

  @Override
  public int position() {
    return element.position();
  }

  @Override
  public void appendNull() {
    element.appendNull();
  }

  @Override
  public void start() {
    before = element.position();
  }

  @Override
  public void end() {
    if (element.position() == before) {
      element.appendNull();
    }
  }
}
