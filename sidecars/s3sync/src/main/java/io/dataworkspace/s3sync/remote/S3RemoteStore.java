package io.dataworkspace.s3sync.remote;

import io.dataworkspace.s3sync.decide.RemoteObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * {@link RemoteStore} on the AWS SDK v2. Writes are conditional ({@code If-None-Match: *} for new
 * objects, {@code If-Match} for replacements and deletions) so a concurrent remote change is never
 * overwritten blindly; parts carry CRC32C checksums that the server verifies.
 */
public final class S3RemoteStore implements RemoteStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3RemoteStore.class);

    private static final long MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final long multipartThreshold;
    private final long partSize;
    private final ExecutorService partPool;

    /**
     * @param s3                 client (owned: closed with this store)
     * @param bucket             bucket
     * @param prefix             key prefix, empty or ending with {@code /}
     * @param multipartThreshold files at least this large go in parts
     * @param partSize           part size
     * @param partConcurrency    parts uploaded in parallel across all uploads
     */
    public S3RemoteStore(S3Client s3, String bucket, String prefix, long multipartThreshold, long partSize,
            int partConcurrency) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        AtomicInteger n = new AtomicInteger();
        this.partPool = Executors.newFixedThreadPool(partConcurrency, r -> {
            Thread t = new Thread(r, "s3sync-part-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Map<String, RemoteObject> list() {
        Map<String, RemoteObject> out = new HashMap<>();
        ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
        for (S3Object o : s3.listObjectsV2Paginator(req).contents()) {
            String rel = o.key().substring(prefix.length());
            if (!RemotePaths.valid(rel)) {
                if (!rel.isEmpty()) {
                    LOG.warn("skipping object with a key that cannot be a local path: {}", o.key());
                }
                continue;
            }
            out.put(rel, new RemoteObject(o.size(), o.eTag(), millis(o.lastModified())));
        }
        return out;
    }

    @Override
    public Optional<RemoteObject> head(String relPath) {
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(prefix + relPath));
            return Optional.of(new RemoteObject(h.contentLength(), h.eTag(), millis(h.lastModified())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public RemoteObject upload(String relPath, Path file, Optional<String> expectedEtag) throws IOException {
        String key = prefix + relPath;
        try {
            if (relPath.endsWith("/")) {
                return put(key, expectedEtag, RequestBody.empty(), 0);
            }
            long size = Files.size(file);
            if (size >= multipartThreshold && size > partSize) {
                return multipart(key, file, size, expectedEtag);
            }
            return put(key, expectedEtag, RequestBody.fromFile(file), size);
        } catch (S3Exception e) {
            throw translate(relPath, e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private RemoteObject put(String key, Optional<String> expectedEtag, RequestBody body, long size) {
        PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key).contentLength(size)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        if (!key.endsWith("/")) {
            expectedEtag.filter(e -> !e.isEmpty()).ifPresentOrElse(e -> req.ifMatch(quote(e)), () -> {
                if (expectedEtag.isEmpty()) {
                    req.ifNoneMatch("*");
                }
            });
        }
        PutObjectResponse r = s3.putObject(req.build(), body);
        return new RemoteObject(size, r.eTag(), System.currentTimeMillis());
    }

    private RemoteObject multipart(String key, Path file, long size, Optional<String> expectedEtag) throws IOException {
        CreateMultipartUploadResponse created = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C));
        String uploadId = created.uploadId();
        // S3 allows 10,000 parts: grow the part size for very large files (up to the 5 TiB object limit)
        long partSize = Math.max(this.partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        try {
            int count = (int) ((size + partSize - 1) / partSize);
            List<Future<CompletedPart>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int partNumber = i + 1;
                long offset = i * partSize;
                long length = Math.min(partSize, size - offset);
                futures.add(partPool.submit(() -> uploadPart(key, uploadId, partNumber, file, offset, length)));
            }
            List<CompletedPart> parts = new ArrayList<>(count);
            for (Future<CompletedPart> f : futures) {
                parts.add(await(f, futures));
            }
            CompleteMultipartUploadRequest.Builder req = CompleteMultipartUploadRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts));
            expectedEtag.filter(e -> !e.isEmpty()).ifPresentOrElse(e -> req.ifMatch(quote(e)), () -> {
                if (expectedEtag.isEmpty()) {
                    req.ifNoneMatch("*");
                }
            });
            CompleteMultipartUploadResponse done = s3.completeMultipartUpload(req.build());
            return new RemoteObject(size, done.eTag(), System.currentTimeMillis());
        } catch (IOException | RuntimeException e) {
            abort(key, uploadId);
            throw e;
        }
    }

    private CompletedPart uploadPart(String key, String uploadId, int partNumber, Path file, long offset, long length) {
        RequestBody body = RequestBody.fromContentProvider(() -> {
            try {
                return new FileSlice(file, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, length, "application/octet-stream");
        UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                .contentLength(length).checksumAlgorithm(ChecksumAlgorithm.CRC32_C), body);
        return CompletedPart.builder().partNumber(partNumber).eTag(r.eTag()).checksumCRC32C(r.checksumCRC32C()).build();
    }

    private static CompletedPart await(Future<CompletedPart> f, List<Future<CompletedPart>> all) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            all.forEach(x -> x.cancel(true));
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during multipart upload", e);
        } catch (ExecutionException e) {
            all.forEach(x -> x.cancel(true));
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c);
        }
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warn("could not abort multipart upload of {} ({}): {}", key, uploadId, e.getMessage());
        }
    }

    @Override
    public RemoteObject download(String relPath, Path target) throws IOException {
        try {
            GetObjectResponse r = s3.getObject(b -> b.bucket(bucket).key(prefix + relPath).checksumMode(ChecksumMode.ENABLED),
                    ResponseTransformer.toFile(target));
            long got = Files.size(target);
            if (r.contentLength() != null && got != r.contentLength()) {
                throw new IOException("short download of " + relPath + ": " + got + " of " + r.contentLength() + " bytes");
            }
            return new RemoteObject(got, r.eTag(), millis(r.lastModified()));
        } catch (S3Exception e) {
            throw translate(relPath, e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void delete(String relPath, String expectedEtag) {
        try {
            boolean conditional = !expectedEtag.isEmpty() && !relPath.endsWith("/");
            s3.deleteObject(b -> {
                b.bucket(bucket).key(prefix + relPath);
                if (conditional) {
                    b.ifMatch(quote(expectedEtag));
                }
            });
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return;
            }
            throw translate(relPath, e);
        }
    }

    @Override
    public boolean reachable() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (SdkException e) {
            LOG.debug("bucket {} not reachable: {}", bucket, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        partPool.shutdownNow();
        s3.close();
    }

    private static RuntimeException translate(String relPath, S3Exception e) {
        if (e.statusCode() == 412 || e.statusCode() == 409 || e instanceof NoSuchKeyException) {
            return new RemoteChangedException(relPath);
        }
        return e;
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    private static long millis(Instant i) {
        return i == null ? 0 : i.toEpochMilli();
    }
}
