package io.sluice.api.arrow;

import org.apache.arrow.vector.extension.UuidType;

/**
 * The Arrow extension types Sluice's columns may have ({@code arrow.uuid}). Arrow decodes an
 * extension type from IPC bytes only when it is registered in its global registry, which happens
 * when the type's class loads; every place that decodes schemas or batches from bytes (spill files,
 * cluster transport, serialized read tasks, Parquet footers) calls {@link #register()} first, so a
 * fresh JVM never reads a UUID column back as plain bytes.
 */
public final class ExtensionTypes {

  private ExtensionTypes() {}

  /** Idempotent and cheap. */
  public static void register() {
    UuidType.INSTANCE.extensionName();
  }
}
