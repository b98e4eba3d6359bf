package io.sluice.connectors.fs;

import java.io.Serializable;

/**
 * One listed data file.
 *
 * @param path fully qualified path ({@code file:/...}, {@code s3a://...})
 * @param length bytes
 */
public record FileEntry(String path, long length) implements Serializable {}
