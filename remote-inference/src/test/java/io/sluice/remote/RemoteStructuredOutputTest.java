package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Compute;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.remote.fixture.FixtureProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON-mode chat completions ({@code response_format: json_schema}) against real fixture processes:
 * each reply becomes typed columns, and a reply that is not JSON is that row's error, in the dead
 * letters with the reply, sent once.
 */
class RemoteStructuredOutputTest {

  private static final String SCHEMA =
      """
      {"type": "object",
       "properties": {"summary": {"type": "string"}, "words": {"type": "integer"},
                      "tenths": {"type": "number"}, "even": {"type": "boolean"}, "extra": {"type": "object"}},
       "required": ["summary", "words"]}""";

  @TempDir Path dir;

  @Test
  void repliesBecomeTypedColumnsAndUnparsableOnesGoToTheDeadLetters() throws Exception {
    int n = 60;
    List<String> texts = new ArrayList<>(Corpus.texts(n));
    texts.set(11, texts.get(11) + " RAMBLE");
    texts.set(42, "RAMBLE " + texts.get(42));
    Path out = dir.resolve("out");
    Path dead = dir.resolve("dead");
    try (FixtureProcess a = FixtureProcess.start("--bad-json-marker", "RAMBLE");
        FixtureProcess b = FixtureProcess.start("--bad-json-marker", "RAMBLE");
        Sluice s =
            Sluice.local(
                Corpus.opts()
                    .errorPolicy(ErrorPolicy.skip(10, 0).withDeadLetterPath(dead.toString()))
                    .build())) {
      RemoteSpec spec =
          Remote.openAiCompatible(a.uri(), b.uri())
              .model("base")
              .chat("Summarize: {text}", "unused")
              .temperature(0)
              .jsonSchema("summary", SCHEMA)
              .maxConcurrentRequests(4);
      var ds =
          s.fromItems(Corpus.rows(texts)).mapBatches(spec, Compute.actors(1).cpus(0).batchSize(16));
      var schema = ds.schema();
      assertThat(schema.findField("summary").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
      assertThat(schema.findField("words").getType()).isEqualTo(new ArrowType.Int(64, true));
      assertThat(schema.findField("tenths").getType())
          .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
      assertThat(schema.findField("even").getType()).isEqualTo(ArrowType.Bool.INSTANCE);
      assertThat(schema.findField("extra").getType())
          .as("objects as JSON text")
          .isEqualTo(ArrowType.Utf8.INSTANCE);
      assertThat(schema.getFields()).noneMatch(f -> f.getName().equals("unused"));
      var written = ds.writeParquet(out.toString());

      assertThat(written.stats().skippedRows()).isEqualTo(2);
      List<Row> kept = s.readParquet(out.toString()).takeAll();
      assertThat(kept)
          .hasSize(n - 2)
          .extracting(r -> r.getLong("id"))
          .doesNotContain(11L, 42L)
          .doesNotHaveDuplicates();
      for (Row r : kept) {
        String prompt = "Summarize: " + r.getString("text");
        assertThat(r.getString("summary")).isEqualTo("echo: " + prompt);
        assertThat(r.getLong("words")).isEqualTo(prompt.strip().split("\\s+").length);
        assertThat(((Number) r.get("tenths")).doubleValue()).isEqualTo(prompt.length() / 10.0);
        assertThat(r.get("even")).isEqualTo(prompt.length() % 2 == 0);
        assertThat(r.get("extra")).as("null in the reply, optional").isNull();
      }
      List<Row> letters = s.readParquet(dead.toString()).takeAll();
      assertThat(letters)
          .hasSize(2)
          .allSatisfy(
              l -> {
                assertThat(l.getString("error_message"))
                    .contains("json_schema summary")
                    .contains("is not valid JSON")
                    .contains("Sure! Here is what you asked about");
                assertThat(l.getString("row")).contains("RAMBLE");
              });
      assertThat(a.requests() + b.requests())
          .as("each row sent once, isolation included")
          .isEqualTo(n);
    }
  }

  @Test
  void aSchemaWithoutPropertiesIsRefusedAtOnce() {
    RemoteSpec chat =
        Remote.openAiCompatible(URI.create("http://127.0.0.1:1/v1")).chat("{text}", "out");
    assertThatThrownBy(() -> chat.jsonSchema("x", "{\"type\": \"string\"}"))
        .hasMessageContaining("needs an object schema with \"properties\"");
    assertThatThrownBy(() -> chat.jsonSchema("x", "{not json"))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () ->
                Remote.openAiCompatible(URI.create("http://127.0.0.1:1/v1"))
                    .embeddings("text", "e")
                    .jsonSchema("x", SCHEMA))
        .hasMessageContaining("jsonSchema(...) needs chat(...) first");
  }

  @Test
  void repliesThatDoNotFitTheSchemaSayWhy() {
    StructuredOutput so = StructuredOutput.of("s", SCHEMA, true);
    assertThat(so.parse("```json\n{\"summary\": \"a\", \"words\": 2}\n```").get("words").asInt())
        .as("a fenced reply is unwrapped")
        .isEqualTo(2);
    assertThatThrownBy(() -> so.parse("{\"summary\": \"a\"}"))
        .isInstanceOf(RowRejectedException.class)
        .hasMessageContaining("lacks required property 'words'");
    assertThatThrownBy(() -> so.parse("{\"summary\": \"a\", \"words\": \"two\"}"))
        .hasMessageContaining("has words = \"two\", expected integer");
    assertThatThrownBy(() -> so.parse("[1, 2]")).hasMessageContaining("is not a JSON object");
    assertThat(so.parse("{\"summary\": \"a\", \"words\": 3.0}").get("words").asLong()).isEqualTo(3);
  }
}
