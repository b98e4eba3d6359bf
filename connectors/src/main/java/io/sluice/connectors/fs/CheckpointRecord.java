package io.sluice.connectors.fs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.zip.CRC32C;

/**
 * The bytes of one checkpoint record: a header line {@code sluice-checkpoint 1 <length> <crc32c>}
 * then the record's properties, so a cut or bit-flipped record is recognised instead of being read
 * as a shorter list of files. Stateless.
 */
final class CheckpointRecord {

  private static final String MAGIC = "sluice-checkpoint";
  private static final int VERSION = 1;

  private CheckpointRecord() {}

  static byte[] encode(Properties p) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      p.store(body, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory stream
    }
    byte[] b = body.toByteArray();
    byte[] header = header(b.length, crc(b, 0, b.length)).getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[header.length + b.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(b, 0, out, header.length, b.length);
    return out;
  }

  /**
   * The record's properties; throws {@link IllegalArgumentException} saying what is wrong with it.
   */
  static Properties decode(byte[] bytes) {
    int nl = 0;
    while (nl < bytes.length && bytes[nl] != '\n') {
      nl++;
    }
    if (nl == bytes.length) {
      throw new IllegalArgumentException(
          bytes.length == 0 ? "it is empty" : "its header line is cut or missing");
    }
    String line = new String(bytes, 0, nl, StandardCharsets.US_ASCII);
    String[] h = line.split(" ");
    if (h.length != 4 || !h[0].equals(MAGIC)) {
      throw new IllegalArgumentException("it has no '" + MAGIC + "' header");
    }
    int length;
    int expected;
    try {
      if (Integer.parseInt(h[1]) != VERSION) {
        throw new IllegalArgumentException("its version " + h[1] + " is not " + VERSION);
      }
      length = Integer.parseInt(h[2]);
      expected = Integer.parseUnsignedInt(h[3], 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("its header '" + line + "' is damaged");
    }
    if (!line.equals(
        header(length, expected).trim())) { // one spelling only: 'A' for 'a' is damage too
      throw new IllegalArgumentException("its header '" + line + "' is damaged");
    }
    int start = nl + 1;
    if (bytes.length - start != length) {
      throw new IllegalArgumentException(
          "it holds "
              + (bytes.length - start)
              + " B of its "
              + length
              + " B body"
              + (bytes.length - start < length ? " (cut short)" : ""));
    }
    int got = crc(bytes, start, length);
    if (got != expected) {
      throw new IllegalArgumentException(
          String.format(
              "its body fails the CRC32C check (written %08x, read %08x)", expected, got));
    }
    Properties p = new Properties();
    try {
      p.load(new ByteArrayInputStream(bytes, start, length));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("its body does not parse: " + e.getMessage());
    }
    return p;
  }

  private static String header(int length, int crc) {
    return String.format("%s %d %d %08x\n", MAGIC, VERSION, length, crc);
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }
}
