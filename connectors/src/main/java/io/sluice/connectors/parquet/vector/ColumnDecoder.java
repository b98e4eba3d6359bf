package io.sluice.connectors.parquet.vector;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Decodes one column chunk of a flat column (a top-level required or optional primitive) page by
 * page into an Arrow vector. This class walks the pages, splits each page's definition levels into
 * runs of values and nulls, and sets validity bits; subclasses turn a run of values into vector
 * data, either PLAIN from the page or dictionary ids gathered from the dictionary. Pages may switch
 * between dictionary and PLAIN anywhere (parquet-mr falls back when the dictionary grows too big).
 *
 * <p>Call order: {@link #bind} the batch's vector, then {@link #read} runs of rows in order; the
 * caller grows the vector's value capacity ({@link #ensureCapacity}) first. Single-threaded.
 */
abstract class ColumnDecoder {

  /** Levels and dictionary ids are decoded this many at a time, into fixed scratch arrays. */
  static final int STEP = 4096;

  final ColumnDescriptor column;
  private final PageReader pages;
  private final boolean optional;
  private final int[] levels;
  private final int[] ids = new int[STEP];
  FieldVector vector;

  private int pageLeft;
  private IntDecoder defs;
  private RleBitPackedDecoder dictIds;
  private Encoding undecodable;
  private boolean dictionaryLoaded;

  ColumnDecoder(ColumnDescriptor column, PageReader pages) {
    if (column.getMaxRepetitionLevel() != 0 || column.getMaxDefinitionLevel() > 1) {
      throw new IllegalArgumentException("not a flat column: " + column);
    }
    this.column = column;
    this.pages = pages;
    this.optional = column.getMaxDefinitionLevel() == 1;
    this.levels = optional ? new int[STEP] : null;
  }

  void bind(FieldVector v) {
    this.vector = v;
  }

  /**
   * Grows the bound vector until it holds {@code rows} values (validity, offsets; not var-width
   * data).
   */
  void ensureCapacity(int rows) {
    while (vector.getValueCapacity() < rows) {
      vector.reAlloc();
    }
  }

  /**
   * Decodes the next {@code n} rows into positions {@code [at, at + n)}; returns their Arrow bytes
   * estimate.
   */
  final long read(int at, int n) {
    long bytes = 0;
    while (n > 0) {
      if (pageLeft == 0) {
        nextPage();
        continue;
      }
      int k = Math.min(n, pageLeft);
      bytes += optional ? readLevels(at, k) : readValues(at, k);
      pageLeft -= k;
      at += k;
      n -= k;
    }
    return bytes;
  }

  /**
   * Splits {@code k} rows into runs of equal definition level: values (level 1) or nulls (level 0).
   */
  private long readLevels(int at, int k) {
    long bytes = 0;
    while (k > 0) {
      int m = Math.min(k, STEP);
      defs.read(levels, 0, m);
      int i = 0;
      while (i < m) {
        int level = levels[i];
        int j = i + 1;
        while (j < m && levels[j] == level) {
          j++;
        }
        if (level == 1) {
          bytes += readValues(at + i, j - i);
        } else if (level == 0) {
          nulls(at + i, j - i);
        } else {
          throw new ParquetDecodingException(
              "definition level " + level + " in flat column " + name());
        }
        i = j;
      }
      at += m;
      k -= m;
    }
    return bytes;
  }

  private long readValues(int at, int count) {
    if (undecodable != null) {
      throw unsupported(undecodable);
    }
    ArrowBits.setRange(vector.getValidityBuffer(), at, count);
    if (dictIds == null) {
      return plain(at, count);
    }
    long bytes = 0;
    while (count > 0) {
      int m = Math.min(count, STEP);
      dictIds.read(ids, 0, m);
      bytes += gather(ids, m, at);
      at += m;
      count -= m;
    }
    return bytes;
  }

  private void nextPage() {
    DataPage page = pages.readPage();
    if (page == null) {
      throw new ParquetDecodingException(
          "column " + name() + " has fewer values than the row group's rows");
    }
    pageLeft = page.getValueCount();
    if (page instanceof DataPageV1 v1) {
      PageBytes b = PageBytes.of(v1.getBytes());
      int pos = b.from();
      if (optional) {
        if (v1.getDlEncoding() == Encoding.RLE) {
          int len = PageBytes.intAt(b.a(), pos);
          if (len < 0 || pos + 4 + len > b.to()) {
            throw new ParquetDecodingException(
                "definition levels overrun the page in column " + name());
          }
          defs = new RleBitPackedDecoder(b.a(), pos + 4, pos + 4 + len, 1);
          pos += 4 + len;
        } else if (v1.getDlEncoding() == Encoding.BIT_PACKED) {
          int len = BitPackedLevels.size(pageLeft, 1);
          defs = new BitPackedLevels(b.a(), pos, Math.min(b.to(), pos + len), 1);
          pos += len;
        } else {
          throw unsupported(v1.getDlEncoding());
        }
      }
      startValues(v1.getValueEncoding(), b.a(), pos, b.to());
    } else if (page instanceof DataPageV2 v2) {
      if (optional) {
        PageBytes d = PageBytes.of(v2.getDefinitionLevels());
        defs = new RleBitPackedDecoder(d.a(), d.from(), d.to(), 1);
      }
      PageBytes b = PageBytes.of(v2.getData());
      startValues(v2.getDataEncoding(), b.a(), b.from(), b.to());
    } else {
      throw new ParquetDecodingException("unknown page type " + page.getClass().getName());
    }
  }

  private void startValues(Encoding encoding, byte[] a, int from, int to) {
    dictIds = null;
    undecodable = null;
    if (!encoding.usesDictionary()) {
      if (decodes(encoding)) {
        startPlain(encoding, a, from, to);
      } else {
        undecodable =
            encoding; // fine while the page holds only nulls (writers pick any encoding then)
      }
      return;
    }
    if (!dictionaryLoaded) {
      DictionaryPage d = pages.readDictionaryPage();
      if (d == null) {
        throw new ParquetDecodingException(
            "column " + name() + " has dictionary-encoded pages but no dictionary");
      }
      PageBytes b = PageBytes.of(d.getBytes());
      dictionary(b.a(), b.from(), b.to(), d.getDictionarySize());
      dictionaryLoaded = true;
    }
    if (from >= to) { // a page of nulls only
      dictIds = new RleBitPackedDecoder(a, from, to, 0);
      return;
    }
    dictIds = new RleBitPackedDecoder(a, from + 1, to, a[from] & 0xff);
  }

  final String name() {
    return Arrays.toString(column.getPath());
  }

  final ParquetDecodingException unsupported(Encoding e) {
    return new ParquetDecodingException(
        "encoding " + e + " is not decoded column-wise (column " + name() + ")");
  }

  /** Whether {@link #startPlain} takes pages of this (non-dictionary) encoding. */
  boolean decodes(Encoding encoding) {
    return encoding == Encoding.PLAIN;
  }

  /** A page of values in a {@link #decodes decoded} encoding starts at {@code a[from, to)}. */
  abstract void startPlain(Encoding encoding, byte[] a, int from, int to);

  /** Loads the dictionary page: {@code size} PLAIN values in {@code a[from, to)}. */
  abstract void dictionary(byte[] a, int from, int to, int size);

  /** Writes the next {@code count} PLAIN values to positions {@code [at, at + count)}. */
  abstract long plain(int at, int count);

  /** Writes the dictionary values of {@code ids[0, n)} to positions {@code [at, at + n)}. */
  abstract long gather(int[] ids, int n, int at);

  /**
   * Positions {@code [at, at + count)} are null (validity stays 0); var-width vectors repeat the
   * offset.
   */
  void nulls(int at, int count) {}

  final void checkId(int id, int dictionarySize) {
    if (id < 0 || id >= dictionarySize) {
      throw new ParquetDecodingException(
          "dictionary id " + id + " out of range [0, " + dictionarySize + ") in column " + name());
    }
  }
}
