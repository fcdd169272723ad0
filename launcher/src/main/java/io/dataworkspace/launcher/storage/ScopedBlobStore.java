package io.dataworkspace.launcher.storage;

import io.dataworkspace.launcher.credentials.S3Scope;
import java.io.InputStream;
import java.util.List;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One instance's view of the embedded store, allowing what its STS session policy would allow on AWS: read, write
 * and delete under {@code user/<id>/}, read under granted dataset prefixes, list only inside those, nothing else
 * (no bucket listing, no bucket changes, no ACLs). It implements the interface directly rather than forwarding, so
 * an operation not handled here falls back to the interface's defaults built on the checked methods — it fails
 * closed.
 */
final class ScopedBlobStore implements BlobStore {
    private final BlobStore store;
    private final String bucket;
    private final S3Scope scope;

    ScopedBlobStore(BlobStore store, String bucket, S3Scope scope) {
        this.store = store;
        this.bucket = bucket;
        this.scope = scope;
    }

    private void bucket(String name) {
        if (!bucket.equals(name)) {
            throw denied();
        }
    }

    private void read(String name, String key) {
        bucket(name);
        if (!scope.mayRead(key)) {
            throw denied();
        }
    }

    private void write(String name, String key) {
        bucket(name);
        if (!scope.mayWrite(key)) {
            throw denied();
        }
    }

    private static S3ProxyException denied() {
        return new S3ProxyException(S3ErrorCode.ACCESS_DENIED);
    }

    @Override
    public ListBucketsResponse list() {
        throw denied();
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        bucket(request.bucket());
        String prefix = request.prefix() == null ? "" : request.prefix();
        if (!scope.mayList(prefix)) {
            throw denied();
        }
        return store.list(request);
    }

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
        bucket(request.bucket());
        return store.headBucket(request);
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        throw denied();
    }

    @Override
    public BucketCannedACL getContainerAccess(String container) {
        throw denied();
    }

    @Override
    public void setContainerAccess(String container, BucketCannedACL access) {
        throw denied();
    }

    @Override
    public void deleteBucket(String container) {
        throw denied();
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        write(request.bucket(), request.key());
        return store.putBlob(request, content);
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        read(request.sourceBucket(), request.sourceKey());
        write(request.destinationBucket(), request.destinationKey());
        return store.copyBlob(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        read(request.bucket(), request.key());
        return store.blobMetadata(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        read(request.bucket(), request.key());
        return store.getBlob(request);
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        write(request.bucket(), request.key());
        return store.removeBlob(request);
    }

    @Override
    public ObjectCannedACL getBlobAccess(String container, String key) {
        throw denied();
    }

    @Override
    public void setBlobAccess(String container, String key, ObjectCannedACL access) {
        throw denied();
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        write(request.bucket(), request.key());
        return store.initiateMultipartUpload(request);
    }

    @Override
    public void abortMultipartUpload(MultipartUpload upload) {
        write(upload.containerName(), upload.blobName());
        store.abortMultipartUpload(upload);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
            CompleteMultipartUploadRequest request) {
        write(upload.containerName(), upload.blobName());
        return store.completeMultipartUpload(upload, request);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request,
            InputStream content) {
        write(upload.containerName(), upload.blobName());
        return store.uploadMultipartPart(upload, request, content);
    }

    @Override
    public List<Part> listMultipartUpload(MultipartUpload upload) {
        write(upload.containerName(), upload.blobName());
        return store.listMultipartUpload(upload);
    }

    @Override
    public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String container) {
        throw denied();
    }

    @Override
    public long getMinimumMultipartPartSize() {
        return store.getMinimumMultipartPartSize();
    }
}
