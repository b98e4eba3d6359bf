package io.sluice.operators.text;

import io.sluice.api.PlanException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Hugging Face tokenization as a CPU operator: a utf8 text column becomes the {@code list<int64>}
 * columns {@value #INPUT_IDS}, {@value #ATTENTION_MASK} and {@value #TOKEN_TYPE_IDS}, appended
 * after the input columns. Lists are variable length (no per-row padding); the model's tensor
 * bridge pads each batch to its longest row.
 *
 * <p>A null text yields null lists in all three columns; downstream, the model spec writes a null
 * embedding for such rows instead of failing the batch.
 *
 * <p>Immutable: every option returns a new factory.
 *
 * <pre>{@code
 * ds.mapBatches(Tokenize.huggingFace(MiniLm.TOKENIZER).textColumn("text").maxLength(256), Compute.tasks())
 * }</pre>
 */
public final class Tokenize implements UdfFactory {

  private static final long serialVersionUID = 1L;

  public static final String INPUT_IDS = "input_ids";
  public static final String ATTENTION_MASK = "attention_mask";
  public static final String TOKEN_TYPE_IDS = "token_type_ids";

  /** BERT-style models take at most 512 positions; 256 is all-MiniLM-L6-v2's training length. */
  public static final int DEFAULT_MAX_LENGTH = 256;

  private final TokenizerSource source;
  private final String textColumn;
  private final int maxLength;
  private final boolean truncation;
  private final boolean addSpecialTokens;

  private Tokenize(
      TokenizerSource source,
      String textColumn,
      int maxLength,
      boolean truncation,
      boolean addSpecialTokens) {
    this.source = source;
    this.textColumn = textColumn;
    this.maxLength = maxLength;
    this.truncation = truncation;
    this.addSpecialTokens = addSpecialTokens;
  }

  /**
   * A tokenizer from a {@code tokenizer.json}; defaults: column {@code text}, max length 256,
   * truncation on.
   */
  public static Tokenize huggingFace(TokenizerSource source) {
    return new Tokenize(source, "text", DEFAULT_MAX_LENGTH, true, true);
  }

  /** A tokenizer from a {@code tokenizer.json} file. */
  public static Tokenize huggingFace(Path tokenizerJson) {
    return huggingFace(TokenizerSource.file(tokenizerJson));
  }

  /** A tokenizer from a {@code tokenizer.json} classpath resource. */
  public static Tokenize huggingFaceResource(String resource) {
    return huggingFace(TokenizerSource.resource(resource));
  }

  /** The utf8 column holding the text. */
  public Tokenize textColumn(String column) {
    return new Tokenize(source, column, maxLength, truncation, addSpecialTokens);
  }

  /** The most tokens per row, special tokens included. */
  public Tokenize maxLength(int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("maxLength must be >= 1, got " + tokens);
    }
    return new Tokenize(source, textColumn, tokens, truncation, addSpecialTokens);
  }

  /**
   * Whether longer texts are cut at {@link #maxLength} (default true); without it they keep all
   * tokens.
   */
  public Tokenize truncation(boolean enabled) {
    return new Tokenize(source, textColumn, maxLength, enabled, addSpecialTokens);
  }

  /** Whether {@code [CLS]}/{@code [SEP]} (or the tokenizer's own) are added (default true). */
  public Tokenize addSpecialTokens(boolean enabled) {
    return new Tokenize(source, textColumn, maxLength, truncation, enabled);
  }

  public TokenizerSource source() {
    return source;
  }

  public String textColumn() {
    return textColumn;
  }

  public int maxLength() {
    return maxLength;
  }

  @Override
  public String name() {
    return "Tokenize(" + textColumn + ")";
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return new TokenizeUdf(
        TokenizerCache.get(new TokenizerCache.Key(source, maxLength, truncation, addSpecialTokens)),
        textColumn);
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    Field text =
        input.getFields().stream()
            .filter(f -> f.getName().equals(textColumn))
            .findFirst()
            .orElseThrow(
                () ->
                    new PlanException(
                        name()
                            + ": no column '"
                            + textColumn
                            + "' to tokenize; the input has columns "
                            + describe(input)));
    if (!(text.getType() instanceof ArrowType.Utf8)
        && !(text.getType() instanceof ArrowType.LargeUtf8)) {
      throw new PlanException(
          name()
              + ": column '"
              + textColumn
              + "' must be utf8 text but is "
              + text.getType()
              + "; the input has columns "
              + describe(input));
    }
    List<Field> fields = new ArrayList<>(input.getFields());
    for (String added : List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS)) {
      if (input.getFields().stream().anyMatch(f -> f.getName().equals(added))) {
        throw new PlanException(
            name()
                + ": the input already has a column '"
                + added
                + "'; drop or rename it before tokenizing. Input columns: "
                + describe(input));
      }
      fields.add(LongListColumn.field(added));
    }
    return Optional.of(new Schema(fields));
  }

  /** "name: type, ..." for error messages. */
  static String describe(Schema schema) {
    List<String> parts = new ArrayList<>();
    for (Field f : schema.getFields()) {
      parts.add(f.getName() + ": " + f.getType());
    }
    return parts.toString();
  }
}
