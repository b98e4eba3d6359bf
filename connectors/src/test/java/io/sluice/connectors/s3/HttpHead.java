package io.sluice.connectors.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A request or response head: its raw bytes (forwarded unchanged), first line and headers. */
record HttpHead(byte[] raw, String firstLine, Map<String, String> headers) {

  /** Reads up to and including the blank line; null at a clean end of stream before any byte. */
  static HttpHead read(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        if (buf.size() == 0) {
          return null;
        }
        throw new IOException("connection closed inside an HTTP head");
      }
      buf.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    byte[] raw = buf.toByteArray();
    String[] lines = new String(raw, StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return new HttpHead(raw, lines[0], headers);
  }

  String header(String name) {
    return headers.get(name);
  }

  String method() {
    return firstLine.substring(0, firstLine.indexOf(' '));
  }

  int status() {
    String[] parts = firstLine.split(" ", 3);
    return parts.length > 1 && firstLine.startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
  }

  /** Content-Length, or -1 when absent. */
  long contentLength() {
    String v = header("content-length");
    return v == null ? -1 : Long.parseLong(v);
  }

  boolean chunked() {
    String v = header("transfer-encoding");
    return v != null && v.toLowerCase(Locale.ROOT).contains("chunked");
  }

  S3FaultProxy.Request request() {
    String target = firstLine.split(" ", 3)[1];
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    String p = path.startsWith("/") ? path.substring(1) : path;
    int slash = p.indexOf('/');
    String bucket = slash < 0 ? p : p.substring(0, slash);
    String key =
        slash < 0
            ? ""
            : URLDecoder.decode(p.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    return new S3FaultProxy.Request(method(), bucket, key, query);
  }
}
