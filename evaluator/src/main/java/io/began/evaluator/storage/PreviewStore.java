package io.began.evaluator.storage;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.InputStream;
import java.util.Optional;

/** Reads the run artifacts the dashboard shows (preview grids) from the bucket. */
@ApplicationScoped
public class PreviewStore {

    private final MinioClient minio;
    private final String bucket;

    public PreviewStore(MinioClient minio, @ConfigProperty(name = "began.storage.bucket") String bucket) {
        this.minio = minio;
        this.bucket = bucket;
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
}
