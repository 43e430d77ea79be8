package io.began.trainer.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The run artifacts in the bucket (layout in DESIGN.md): run.json, checkpoints, sample grids. */
@ApplicationScoped
public class ArtifactStore {

    private final MinioClient minio;
    private final String bucket;
    private volatile boolean bucketChecked;

    public ArtifactStore(MinioClient minio, @ConfigProperty(name = "began.storage.bucket") String bucket) {
        this.minio = minio;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket if it does not exist yet (once per process). */
    public void ensureBucket() {
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
        ensureBucket();
        call("put " + key, () -> minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()));
    }

    public void put(String key, Path file, String contentType) {
        ensureBucket();
        call("upload " + key, () -> minio.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key)
                .filename(file.toString()).contentType(contentType).build()));
    }

    /** The object's bytes, or empty when there is no such key. */
    public Optional<byte[]> get(String key) {
        ensureBucket();
        return call("get " + key, () -> {
            try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(in.readAllBytes());
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public void download(String key, Path target) {
        byte[] bytes = get(key).orElseThrow(() -> new StorageException("no object " + key, null));
        call("write " + target, () -> {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            Files.write(tmp, bytes);
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        });
    }

    /**
     * Keys under a prefix. Directory markers (keys ending in '/', which S3Proxy's filesystem backend lists) are
     * skipped.
     */
    public List<String> list(String prefix, boolean recursive) {
        ensureBucket();
        return call("list " + prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(recursive).build())) {
                String name = r.get().objectName();
                if (!recursive || !name.endsWith("/")) { // non-recursive listings name "folders" on purpose
                    keys.add(name);
                }
            }
            return keys;
        });
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException("object storage: cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
