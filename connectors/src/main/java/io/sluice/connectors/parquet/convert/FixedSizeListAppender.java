package io.sluice.connectors.parquet.convert;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;

/**
 * A Parquet {@code LIST} group into an Arrow {@code fixed_size_list} (embeddings). A stored list of
 * another length is an error naming the column; a null list still occupies its element slots.
 */
final class FixedSizeListAppender extends GroupConverter implements VectorAppender {

  private final VectorAppender elements;
  private final String column;
  private FixedSizeListVector vector;
  private int size;
  private int pos;
  private int start;

  FixedSizeListAppender(VectorAppender elements, String column) {
    this.elements = elements;
    this.column = column;
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
    vector = (FixedSizeListVector) v;
    size = vector.getListSize();
    pos = 0;
    elements.bind((FieldVector) vector.getDataVector());
  }

  @Override
  public int position() {
    return pos;
  }

  @Override
  public void start() {
    start = elements.position();
  }

  @Override
  public void end() {
    int n = elements.position() - start;
    if (n != size) {
      throw new ParquetDecodingException(
          "column '"
              + column
              + "': a list of "
              + n
              + " elements cannot be read as fixed_size_list<"
              + size
              + ">");
    }
    vector.setNotNull(pos++);
  }

  @Override
  public void appendNull() {
    for (int i = 0; i < size; i++) {
      elements.appendNull();
    }
    vector.setNull(pos++);
  }
}
