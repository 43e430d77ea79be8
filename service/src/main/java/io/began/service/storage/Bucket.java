package io.began.service.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The services' bucket (MinIO, S3Proxy in tests), layout in {@link Keys}. A missing key or bucket reads as absent;
 * anything else S3 cannot answer is a {@link StorageUnavailableException}, which callers retry and the API turns into
 * 503 with Retry-After.
 */
@ApplicationScoped
public class Bucket {

    /** S3's answers that mean "not there" rather than "cannot answer" (NoSuchObject: S3Proxy's stat). */
    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");

    private final MinioClient minio;
    private final String bucket;
    private volatile boolean bucketChecked;

    @Inject
    public Bucket(MinioClient minio, StorageConfig config) {
        this(minio, config.bucket());
    }

    Bucket(MinioClient minio, String bucket) {
        this.minio = minio;
        this.bucket = bucket;
    }

    public String name() {
        return bucket;
    }

    /** Creates the bucket if it does not exist yet; checked once per process, before the first write. */
    public void ensureExists() {
        if (bucketChecked) {
            return;
        }
        call("check bucket " + bucket, () -> {
            if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
        bucketChecked = true;
    }

    public void put(String key, byte[] bytes, String contentType) {
        ensureExists();
        call(
                "write " + key,
                () -> minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                                new ByteArrayInputStream(bytes), bytes.length, -1)
                        .contentType(contentType)
                        .build()));
    }

    public void put(String key, Path file, String contentType) {
        ensureExists();
        call(
                "upload " + key,
                () -> minio.uploadObject(UploadObjectArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .filename(file.toString())
                        .contentType(contentType)
                        .build()));
    }

    /** The object's bytes, or empty when there is no such key (or no bucket yet). */
    public Optional<byte[]> get(String key) {
        return call("read " + key, () -> {
            try (InputStream in = minio.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(in.readAllBytes());
            } catch (ErrorResponseException e) {
                if (absent(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** The object's ETag, or empty when there is no such key: whether a large object is there, without reading it. */
    public Optional<String> etag(String key) {
        return call("stat " + key, () -> {
            try {
                return Optional.of(minio.statObject(StatObjectArgs.builder()
                                .bucket(bucket)
                                .object(key)
                                .build())
                        .etag());
            } catch (ErrorResponseException e) {
                if (absent(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public boolean exists(String key) {
        return etag(key).isPresent();
    }

    /**
     * Keys under a prefix. Recursive: every object, without the directory markers S3Proxy's filesystem backend lists.
     * Not recursive: what is directly under it, "folders" ending in '/' and objects, never the prefix itself.
     */
    public List<String> list(String prefix, boolean recursive) {
        return call("list " + prefix, () -> {
            List<String> keys = new ArrayList<>();
            try {
                for (Result<Item> r : minio.listObjects(ListObjectsArgs.builder()
                        .bucket(bucket)
                        .prefix(prefix)
                        .recursive(recursive)
                        .build())) {
                    String name = r.get().objectName();
                    if (name.equals(prefix) || (recursive && name.endsWith("/"))) {
                        continue;
                    }
                    keys.add(name);
                }
            } catch (ErrorResponseException e) {
                if (!absent(e)) {
                    throw e;
                }
            }
            return keys;
        });
    }

    /** Writes one object to {@code target} (through a .part file, so a reader never sees half of it). */
    public void download(String key, Path target) {
        byte[] bytes = get(key).orElseThrow(() -> new StorageUnavailableException("no object " + key, null));
        call("write " + target, () -> {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            Files.write(tmp, bytes);
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        });
    }

    /** Downloads every object directly under {@code prefix} into {@code dir} (flat: checkpoints have no folders). */
    public void downloadAll(String prefix, Path dir) {
        for (String key : list(prefix, true)) {
            String name = key.substring(prefix.length());
            if (!name.isEmpty() && !name.contains("/")) {
                download(key, dir.resolve(name));
            }
        }
    }

    private static boolean absent(ErrorResponseException e) {
        return ABSENT.contains(e.errorResponse().code());
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (ErrorResponseException e) {
            throw new StorageUnavailableException("object storage refused to " + what + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageUnavailableException("object storage unavailable to " + what + ": " + e.getMessage(), e);
        }
    }
}
