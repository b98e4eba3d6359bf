package io.sluice.flink.sink;

import io.sluice.api.spi.WriteResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A {@link WriteResult} as it travels from the cluster's publish step back to the driver. */
public record PublishedWrite(String destination, ArrayList<String> files, long rows, long bytes)
    implements Serializable {

  static PublishedWrite of(WriteResult r) {
    return new PublishedWrite(r.destination(), new ArrayList<>(r.files()), r.rows(), r.bytes());
  }

  public WriteResult toResult() {
    return new WriteResult(destination, List.copyOf(files), rows, bytes);
  }
}
