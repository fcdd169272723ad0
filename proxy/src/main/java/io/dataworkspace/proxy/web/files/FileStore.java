package io.dataworkspace.proxy.web.files;

import io.dataworkspace.launcher.storage.PlatformStorage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The file browser's S3 operations, all with the platform's own client: listings, folder markers, deletes, and
 * presigned URLs for the bytes. Blocking: call from a worker thread. Keys are checked by the caller
 * ({@link HomeKeys}); this class maps S3's answers to {@link FilesException}s.
 */
public final class FileStore {
    private final PlatformStorage storage;
    private final FilesConfig config;

    public FileStore(PlatformStorage storage, FilesConfig config) {
        this.storage = storage;
        this.config = config;
    }

    /** A folder in a listing. */
    public record Folder(String key, String name) {
    }

    /** A file in a listing. */
    public record File(String key, String name, long size, Instant modified) {
    }

    /** One page of a folder: sub-folders, files, and the token of the next page if there is one. */
    public record Listing(String prefix, List<Folder> folders, List<File> files, Optional<String> next) {
    }

    /** The origin presigned URLs point at, for the page's CSP. */
    public String browserOrigin() {
        return storage.browserOrigin();
    }

    public Listing list(String prefix, Optional<String> after) {
        ListObjectsV2Response page = call(() -> client().listObjectsV2(r -> r.bucket(bucket()).prefix(prefix)
                .delimiter("/").maxKeys(config.pageSize()).continuationToken(after.orElse(null))));
        List<Folder> folders = new ArrayList<>();
        for (CommonPrefix p : page.commonPrefixes()) {
            folders.add(new Folder(p.prefix(), HomeKeys.name(p.prefix())));
        }
        List<File> files = new ArrayList<>();
        for (S3Object o : page.contents()) {
            if (!o.key().equals(prefix) && !o.key().endsWith("/")) {
                files.add(new File(o.key(), HomeKeys.name(o.key()), o.size(), o.lastModified()));
            }
        }
        folders.sort(Comparator.comparing(Folder::name));
        files.sort(Comparator.comparing(File::name));
        return new Listing(prefix, folders, files,
                Boolean.TRUE.equals(page.isTruncated()) ? Optional.ofNullable(page.nextContinuationToken())
                        : Optional.empty());
    }

    /** Creates the zero-byte marker {@code folder} (ending in /); 409 when a folder or file of that name exists. */
    public void createFolder(String folder) {
        String asFile = folder.substring(0, folder.length() - 1);
        if (head(folder).isPresent() || head(asFile).isPresent() || !keysUnder(folder, 1).isEmpty()) {
            throw FilesException.conflict("\"" + HomeKeys.name(folder) + "\" already exists here");
        }
        call(() -> client().putObject(r -> r.bucket(bucket()).key(folder), RequestBody.empty()));
    }

    /** Deletes a file, or an empty folder's marker; 404 when absent, 409 for a folder that is not empty. */
    public void delete(String key) {
        if (key.endsWith("/")) {
            List<String> inside = keysUnder(key, 2);
            if (inside.isEmpty()) {
                throw FilesException.notFound("there is no folder " + key);
            }
            if (inside.stream().anyMatch(k -> !k.equals(key))) {
                throw FilesException.conflict("the folder " + HomeKeys.name(key) + " is not empty: delete its "
                        + "contents first");
            }
        } else if (head(key).isEmpty()) {
            throw FilesException.notFound("there is no file " + key);
        }
        call(() -> client().deleteObject(r -> r.bucket(bucket()).key(key)));
    }

    /** A presigned GET that downloads the file under its own name; 404 when absent. */
    public String downloadUrl(String key) {
        if (head(key).isEmpty()) {
            throw FilesException.notFound("there is no file " + key);
        }
        String disposition = contentDisposition(HomeKeys.name(key));
        return call(() -> storage.presigner().presignGetObject(r -> r.signatureDuration(config.urlLifetime())
                .getObjectRequest(g -> g.bucket(bucket()).key(key).responseContentDisposition(disposition)))
                .url().toString());
    }

    /** Plans an upload of {@code size} bytes to {@code key}: one presigned PUT, or a new multipart upload. */
    public UploadPlan startUpload(String key, long size) {
        if (size < 0 || size > UploadPlan.MAX_OBJECT) {
            throw FilesException.badRequest("size: " + size + " (expected: 0 to 5 TiB)");
        }
        if (size <= config.partSize()) {
            String url = call(() -> storage.presigner().presignPutObject(r -> r.signatureDuration(config.urlLifetime())
                    .putObjectRequest(p -> p.bucket(bucket()).key(key))).url().toString());
            return new UploadPlan.Single(key, url);
        }
        long partSize = UploadPlan.partSize(size, config.partSize());
        int parts = (int) ((size + partSize - 1) / partSize);
        String uploadId = call(() -> client().createMultipartUpload(r -> r.bucket(bucket()).key(key)).uploadId());
        return new UploadPlan.Multipart(key, uploadId, partSize, parts);
    }

    /** Presigned UploadPart URLs, by part number. */
    public Map<Integer, String> partUrls(String key, String uploadId, List<Integer> partNumbers) {
        Map<Integer, String> urls = new TreeMap<>();
        for (int n : partNumbers) {
            if (n < 1 || n > UploadPlan.MAX_PARTS) {
                throw FilesException.badRequest("partNumber: " + n + " (expected: 1 to " + UploadPlan.MAX_PARTS + ")");
            }
            urls.put(n, call(() -> storage.presigner().presignUploadPart(r -> r.signatureDuration(config.urlLifetime())
                    .uploadPartRequest(p -> p.bucket(bucket()).key(key).uploadId(uploadId).partNumber(n)))
                    .url().toString()));
        }
        return urls;
    }

    /** Completes a multipart upload from its parts' ETags; returns the object's size. */
    public long completeUpload(String key, String uploadId, List<CompletedPart> parts) {
        call(() -> client().completeMultipartUpload(r -> r.bucket(bucket()).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))));
        return head(key).map(HeadObjectResponse::contentLength).orElse(0L);
    }

    public void abortUpload(String key, String uploadId) {
        call(() -> client().abortMultipartUpload(r -> r.bucket(bucket()).key(key).uploadId(uploadId)));
    }

    /** Up to {@code max} keys starting with {@code prefix} (no delimiter: anything at any depth). */
    private List<String> keysUnder(String prefix, int max) {
        return call(() -> client().listObjectsV2(r -> r.bucket(bucket()).prefix(prefix).maxKeys(max))).contents()
                .stream().map(S3Object::key).toList();
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(client().headObject(r -> r.bucket(bucket()).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw translate(e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    private <T> T call(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (NoSuchUploadException e) {
            throw FilesException.notFound("there is no such upload in progress (it was completed or aborted)");
        } catch (NoSuchKeyException e) {
            throw FilesException.notFound("there is no such file");
        } catch (S3Exception e) {
            throw translate(e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    private static FilesException translate(S3Exception e) {
        String detail = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode() + ": "
                + e.awsErrorDetails().errorMessage();
        if (e.statusCode() == 400) {
            return FilesException.badRequest("the file store refused the request (" + detail + ")");
        }
        return new FilesException(502, "the file store answered " + e.statusCode() + " (" + detail + ")");
    }

    private static FilesException unreachable(SdkClientException e) {
        return new FilesException(503, "the file store cannot be reached now; try again shortly");
    }

    /** {@code attachment} with an ASCII fallback name and the exact UTF-8 name (RFC 6266). */
    static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private S3Client client() {
        return storage.client();
    }

    private String bucket() {
        return storage.bucket();
    }
}
