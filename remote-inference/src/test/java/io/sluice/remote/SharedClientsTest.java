package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.udf.UdfContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client per stage and JVM: a stage's actors share it also when each was built from its own
 * deserialized copy of the spec (Flink deserializes the operator, and with it the spec, per
 * subtask), so limits and the in-flight window stay the stage's; another stage, or the same spec
 * under another operator name, gets its own. The serialized spec (what Flink ships to TaskManagers)
 * names where the API key comes from, never the key.
 */
class SharedClientsTest {

  private static RemoteSpec copy(RemoteSpec spec) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (RemoteSpec) in.readObject();
    }
  }

  private static RemoteUdf udf(RemoteSpec spec, String operator, int worker) {
    return (RemoteUdf) spec.create(new UdfContext(operator, worker, 0, new int[0], 0));
  }

  @Test
  void deserializedCopiesOfOneStageShareItsClientOthersDoNot() throws Exception {
    RemoteSpec spec =
        Remote.openAiCompatible(URI.create("http://127.0.0.1:9/v1")).chat("Say: {text}", "reply");
    RemoteUdf first = udf(copy(spec), "Remote#1", 0);
    RemoteUdf second = udf(copy(spec), "Remote#1", 1);
    RemoteUdf otherOperator = udf(copy(spec), "Remote#2", 0);
    RemoteUdf otherStage = udf(spec.maxConcurrentRequests(3), "Remote#1", 0);
    try {
      assertThat(second.client()).isSameAs(first.client());
      assertThat(otherOperator.client()).isNotSameAs(first.client());
      assertThat(otherStage.client()).isNotSameAs(first.client());
    } finally {
      for (RemoteUdf u : new RemoteUdf[] {first, second, otherOperator, otherStage}) {
        u.close();
      }
    }
    RemoteUdf after = udf(copy(spec), "Remote#1", 0);
    try {
      assertThat(after.client())
          .as("the last actor's close closed it; a new job gets a new one")
          .isNotSameAs(first.client());
    } finally {
      after.close();
    }
  }

  @Test
  void theSerializedSpecNamesTheKeysFileNotTheKey(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("key"), "sk-test-4242-secret\n");
    RemoteSpec spec =
        Remote.openAiCompatible(URI.create("http://127.0.0.1:9/v1"))
            .apiKey(ApiKey.fromFile(secret))
            .embeddings("text", "embedding");
    RemoteUdf udf = udf(spec, "Remote#1", 0); // reads the key, as an actor does
    udf.close();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    assertThat(bytes.toString(StandardCharsets.ISO_8859_1))
        .contains(secret.toString())
        .doesNotContain("sk-test-4242");
    assertThat(copy(spec).toString()).contains("apiKey=file:").doesNotContain("sk-test-4242");
  }
}
