package io.began.evaluator.storage;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.InputStream;
import java.util.Optional;

/** The bucket of runs as the evaluator uses it: previews, checkpoints, classifiers, evaluations. */
@ApplicationScoped
public class Bucket {

    private final MinioClient minio;
    private final String bucket;

    public Bucket(MinioClient minio, @ConfigProperty(name = "began.storage.bucket") String bucket) {
        this.minio = minio;
        this.bucket = bucket;
    }

    public void put(String key, byte[] bytes, String contentType) {
        try {
            ensureBucket();
            minio.putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new java.io.ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build());
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageUnavailableException("object storage unavailable writing " + key + ": " + e.getMessage());
        }
    }

    private void ensureBucket() throws Exception {
        if (!minio.bucketExists(io.minio.BucketExistsArgs.builder().bucket(bucket).build())) {
            minio.makeBucket(io.minio.MakeBucketArgs.builder().bucket(bucket).build());
        }
    }

    /** The object's bytes, or empty when there is no such key; StorageUnavailableException when S3 cannot answer. */
    public Optional<byte[]> get(String key) {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchBucket".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new StorageUnavailableException("object storage refused " + key + ": " + e.getMessage());
        } catch (Exception e) {
            throw new StorageUnavailableException("object storage unavailable reading " + key + ": " + e.getMessage());
        }
    }

    /** The object's ETag, or empty when there is no such key: whether a large object is there, without reading it. */
    public Optional<String> etag(String key) {
        try {
            return Optional.of(minio.statObject(io.minio.StatObjectArgs.builder().bucket(bucket).object(key).build())
                    .etag());
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NoSuchObject".equals(code)) {
                return Optional.empty();
            }
            throw new StorageUnavailableException("object storage refused " + key + ": " + e.getMessage());
        } catch (Exception e) {
            throw new StorageUnavailableException("object storage unavailable reading " + key + ": " + e.getMessage());
        }
    }
}
