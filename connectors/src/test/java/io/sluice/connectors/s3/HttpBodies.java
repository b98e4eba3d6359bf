package io.sluice.connectors.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies one HTTP/1.1 message body as framed by its head (Content-Length, chunked, or to the end).
 */
final class HttpBodies {

  private HttpBodies() {}

  /**
   * Copies the body that follows {@code head} from {@code in} to {@code out}, at most {@code limit}
   * bytes (then stops mid-body). A request without Content-Length or chunking has no body; a
   * response without either runs to the end of the stream.
   */
  static void relay(InputStream in, OutputStream out, HttpHead head, long limit)
      throws IOException {
    long length = head.contentLength();
    if (head.chunked()) {
      relayChunked(in, out, limit);
    } else if (length >= 0) {
      copy(in, out, Math.min(length, limit), true);
    } else if (head.firstLine().startsWith("HTTP/")) {
      copy(in, out, limit, false);
    }
  }

  /** Chunk lines, data and trailers are copied raw (the framing stays the sender's). */
  private static void relayChunked(InputStream in, OutputStream out, long limit)
      throws IOException {
    long sent = 0;
    while (sent < limit) {
      String sizeLine = line(in);
      byte[] raw = (sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      out.write(raw);
      sent += raw.length;
      int semi = sizeLine.indexOf(';');
      long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (size == 0) {
        while (true) { // trailers up to the blank line
          String trailer = line(in);
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          if (trailer.isEmpty()) {
            return;
          }
        }
      }
      long n = Math.min(size + 2, limit - sent); // data and its CRLF
      copy(in, out, n, true);
      sent += n;
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(16);
    int prev = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside a chunked body");
      }
      if (prev == '\r' && b == '\n') {
        byte[] bytes = buf.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      buf.write(b);
      prev = b;
    }
  }

  private static void copy(InputStream in, OutputStream out, long n, boolean exact)
      throws IOException {
    byte[] buf = new byte[16 * 1024];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        if (exact) {
          throw new IOException("connection closed " + left + " bytes before the end of a body");
        }
        return;
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }
}
