package io.sluice.cli.testjobs;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import io.sluice.remote.Remote;
import io.sluice.remote.RemoteSpec;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A job file's {@code udf} step that calls chat completions on the servers of option {@code
 * endpoints} (comma-separated base URIs), {@code "Say: {text}"} into column {@code reply}: a remote
 * step for the cli's job-file tests (the fixture answers {@code "echo: " + prompt}).
 */
public final class RemoteChat implements UdfFactory {

  private static final long serialVersionUID = 1L;
  private final RemoteSpec spec;

  public RemoteChat(Map<String, String> options) {
    URI[] endpoints =
        Arrays.stream(options.get("endpoints").split(","))
            .map(String::trim)
            .map(URI::create)
            .toArray(URI[]::new);
    spec =
        Remote.openAiCompatible(endpoints)
            .model("echo")
            .chat("Say: {text}", "reply")
            .maxConcurrentRequests(4);
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public BatchUdf create(UdfContext context) throws Exception {
    return spec.create(context);
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    return spec.outputSchema(input);
  }
}
