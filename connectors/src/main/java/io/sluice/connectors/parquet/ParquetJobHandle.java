package io.sluice.connectors.parquet;

import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteJobHandle;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import java.io.IOException;
import java.util.HashMap;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Parquet write job as plain values (the Arrow schema as JSON), so cluster workers can reattach
 * to the staging area or manifest the driver prepared and write their task files there.
 */
record ParquetJobHandle(
    String path,
    WriteMode mode,
    long targetFileBytes,
    HashMap<String, String> properties,
    String resumableId,
    String jobId,
    String schemaJson)
    implements WriteJobHandle {

  ParquetJobHandle(String path, WriteOptions options, String jobId, Schema schema) {
    this(
        path,
        options.mode(),
        options.targetFileBytes(),
        new HashMap<>(options.properties()),
        options.jobId(),
        jobId,
        schema.toJson());
  }

  @Override
  public WriteJob reopen() throws IOException {
    WriteOptions options = new WriteOptions(mode, targetFileBytes, properties, resumableId);
    return new ParquetDatasink(path, options).reopenJob(Schema.fromJSON(schemaJson), jobId);
  }
}
