package io.began.sampler.storage;

import io.began.core.checkpoint.CheckpointStore;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
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

/**
 * The runs in the bucket as the sampler reads them (layout in DESIGN.md): {@code runs/{id}/checkpoints/{step:09d}/}
 * and {@code runs/{id}/samples/{step:09d}.png}.
 */
@ApplicationScoped
public class RunArtifacts {

    private final MinioClient minio;
    private final String bucket;

    public RunArtifacts(MinioClient minio, @ConfigProperty(name = "began.storage.bucket") String bucket) {
        this.minio = minio;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    public static String checkpointPrefix(String runId, long step) {
        return "runs/" + runId + "/checkpoints/" + CheckpointStore.stepName(step) + "/";
    }

    public static String samplesKey(String runId, long step) {
        return "runs/" + runId + "/samples/" + CheckpointStore.stepName(step) + ".png";
    }

    /** Ids of the runs that have anything in the bucket. */
    public List<String> runs() {
        return children("runs/").stream().filter(p -> p.endsWith("/"))
                .map(p -> p.substring("runs/".length(), p.length() - 1)).toList();
    }

    /** True when the bucket holds anything of this run (its run.json, checkpoints or samples). */
    public boolean exists(String runId) {
        return !children("runs/" + runId + "/").isEmpty();
    }

    /** Steps of the run's checkpoints, oldest first (names only; a checkpoint counts once its MANIFEST is there). */
    public List<Long> checkpointSteps(String runId) {
        List<Long> steps = new ArrayList<>();
        for (String prefix : children("runs/" + runId + "/checkpoints/")) {
            if (!prefix.endsWith("/")) {
                continue;
            }
            String name = prefix.substring(prefix.lastIndexOf('/', prefix.length() - 2) + 1, prefix.length() - 1);
            if (name.matches("\\d{9}")) {
                steps.add(Long.parseLong(name));
            }
        }
        steps.sort(null);
        return steps;
    }

    /** Downloads every object under {@code prefix} into {@code dir} (flat: checkpoints have no subfolders). */
    public void download(String prefix, Path dir) {
        call("download " + prefix, () -> {
            Files.createDirectories(dir);
            for (Result<Item> result : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = result.get();
                if (item.isDir() || item.objectName().endsWith("/")) {
                    continue; // S3Proxy's filesystem store lists directory markers
                }
                String name = item.objectName().substring(prefix.length());
                if (name.isEmpty() || name.contains("/")) {
                    continue;
                }
                try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket)
                        .object(item.objectName()).build())) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return null;
        });
    }

    public boolean objectExists(String key) {
        return call("stat " + key, () -> {
            try {
                minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code())) {
                    return false;
                }
                throw e;
            }
        });
    }

    public void put(String key, byte[] bytes, String contentType) {
        call("put " + key, () -> minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()));
    }

    public Optional<byte[]> get(String key) {
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

    /** The "folders" directly under {@code prefix}, each ending in '/'. */
    private List<String> children(String prefix) {
        return call("list " + prefix, () -> {
            List<String> out = new ArrayList<>();
            for (Result<Item> result : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .delimiter("/").build())) {
                Item item = result.get();
                if (item.objectName().endsWith("/") && !item.objectName().equals(prefix)) {
                    out.add(item.objectName());
                } else if (!item.objectName().equals(prefix)) {
                    out.add(item.objectName()); // a plain object (run.json) also shows the run exists
                }
            }
            return out;
        });
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (ErrorResponseException e) {
            if ("NoSuchBucket".equals(e.errorResponse().code())) {
                throw new StorageUnavailableException("no bucket yet (" + what + ")", e);
            }
            throw new StorageUnavailableException("object storage refused to " + what + ": " + e.getMessage(), e);
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageUnavailableException("object storage unavailable to " + what + ": " + e.getMessage(), e);
        }
    }
}
