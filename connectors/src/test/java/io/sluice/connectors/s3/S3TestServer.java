package io.sluice.connectors.s3;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An in-process S3 server (s3proxy over an in-memory blob store) on 127.0.0.1 and a free port, with
 * real AWS signature checking, for S3A tests. Close it to stop the server.
 */
public final class S3TestServer implements AutoCloseable {

  public static final String ACCESS_KEY = "sluice-test-access";

  /** A recognisable secret, grepped for in captured logs and messages. */
  public static final String SECRET_KEY = "S3cr3t-Do-Not-Leak-7f3a9c";

  private final S3Proxy proxy;
  private final BlobStore store;
  private final AtomicLong bytesServed = new AtomicLong();
  private final AtomicLong gets = new AtomicLong();

  public S3TestServer() throws Exception {
    store =
        new ForwardingBlobStore(new TransientNio2BlobStore()) {
          @Override
          public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            ResponseInputStream<GetObjectResponse> r = super.getBlob(request);
            gets.incrementAndGet();
            Long n = r.response().contentLength();
            bytesServed.addAndGet(n == null ? 0 : n);
            return r;
          }
        };
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!proxy.getState().equals("STARTED")) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }

  /** Object bytes the server has sent in GET responses (ranged GETs count their range). */
  public long bytesServed() {
    return bytesServed.get();
  }

  /** GET requests served. */
  public long gets() {
    return gets.get();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public void createBucket(String bucket) {
    store.createContainer(bucket);
  }

  /**
   * Deletes a bucket and every object in it, as someone cleaning up the wrong bucket mid-job would.
   */
  public void deleteBucket(String bucket) {
    store.deleteContainer(bucket);
  }

  /** Keys of the multipart uploads in {@code bucket} started and neither completed nor aborted. */
  public List<String> pendingUploads(String bucket) {
    return store.listMultipartUploads(bucket).stream().map(MultipartUpload::key).toList();
  }

  /** Keys of the objects in {@code bucket} (up to 1,000). */
  public List<String> keys(String bucket) {
    return store.list(bucket).contents().stream().map(S3Object::key).toList();
  }

  /** Hadoop settings for S3A against this server, with the right credentials. */
  public Map<String, String> options() {
    return options(ACCESS_KEY, SECRET_KEY);
  }

  public Map<String, String> options(String access, String secret) {
    Map<String, String> o =
        new HashMap<>(
            S3Options.builder()
                .endpoint(endpoint())
                .region("us-east-1")
                .pathStyleAccess(true)
                .credentialsProvider("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
                .build()
                .toProperties());
    o.put("fs.s3a.access.key", access);
    o.put("fs.s3a.secret.key", secret);
    o.putAll(fastFailure());
    return o;
  }

  /** Few, quick retries so failure tests end in seconds. */
  public static Map<String, String> fastFailure() {
    return Map.of(
        "fs.s3a.attempts.maximum", "2",
        "fs.s3a.retry.limit", "2",
        "fs.s3a.retry.interval", "50ms",
        "fs.s3a.retry.throttle.limit", "2",
        "fs.s3a.retry.throttle.interval", "50ms",
        "fs.s3a.connection.establish.timeout", "15s",
        "fs.s3a.connection.timeout", "15s",
        "fs.s3a.connection.request.timeout", "15s");
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
