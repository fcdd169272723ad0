package io.dataworkspace.s3sync.testing;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** A blob store that fails on demand: the fault-injection point of the tests. */
public final class FaultyBlobStore extends ForwardingBlobStore {
    /** What fails. */
    public enum Mode {
        /** Nothing. */
        HEALTHY,
        /** Every write (put, parts, delete) fails with 500. */
        FAIL_WRITES,
        /** Every request fails with 500, as if S3 were unreachable. */
        OUTAGE,
        /** Every request is refused with 403, as after expired credentials. */
        EXPIRED_CREDENTIALS
    }

    private volatile Mode mode = Mode.HEALTHY;
    private final AtomicInteger refused = new AtomicInteger();

    /** @param delegate the real store */
    public FaultyBlobStore(BlobStore delegate) {
        super(delegate);
    }

    /** @param mode what fails from now on */
    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** @return requests refused so far */
    public int refused() {
        return refused.get();
    }

    private void read() {
        if (mode == Mode.OUTAGE || mode == Mode.EXPIRED_CREDENTIALS) {
            fail();
        }
    }

    private void write() {
        if (mode != Mode.HEALTHY) {
            fail();
        }
    }

    private void fail() {
        refused.incrementAndGet();
        throw new S3ProxyException(mode == Mode.EXPIRED_CREDENTIALS ? S3ErrorCode.ACCESS_DENIED : S3ErrorCode.INTERNAL_ERROR,
                "injected fault: " + mode);
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        read();
        return super.list(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        read();
        return super.blobMetadata(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        read();
        return super.getBlob(request);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream in) {
        write();
        return super.putBlob(request, in);
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        write();
        return super.initiateMultipartUpload(request);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload mpu, UploadPartRequest request, InputStream in) {
        write();
        return super.uploadMultipartPart(mpu, request, in);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload mpu,
            CompleteMultipartUploadRequest request) {
        write();
        return super.completeMultipartUpload(mpu, request);
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        write();
        return super.removeBlob(request);
    }
}
