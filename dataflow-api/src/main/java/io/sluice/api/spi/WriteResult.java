package io.sluice.api.spi;

import java.util.List;

/**
 * A committed write.
 *
 * @param destination where the data went
 * @param files the published files
 * @param rows rows written
 * @param bytes bytes written to storage
 */
public record WriteResult(String destination, List<String> files, long rows, long bytes) {

  public WriteResult {
    files = List.copyOf(files);
  }
}
