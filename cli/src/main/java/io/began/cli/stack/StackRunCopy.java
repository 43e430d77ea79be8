package io.began.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.core.train.LocalTraining;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A run of the stack copied out of its bucket as a local run directory (config.json and the chosen checkpoints, each
 * still verified by its MANIFEST when loaded), and a classifier from {@code classifiers/NAME/}: so the stack's runs
 * are scored with the same code, and the same classifier, as the evaluator's.
 */
public final class StackRunCopy {

    private final MinioClient s3;

    public StackRunCopy(LocalEnv env) {
        this.s3 = ObjectStorage.client(env);
    }

    /** Steps of the run's checkpoints in the bucket, oldest first. */
    public List<Long> steps(String runId) throws Exception {
        RunId.require(runId);
        TreeSet<Long> steps = new TreeSet<>();
        String prefix = "runs/" + runId + "/checkpoints/";
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder()
                .bucket(Provisioning.BUCKET)
                .prefix(prefix)
                .build())) {
            String name = item.get().objectName().substring(prefix.length()).replaceAll("/$", "");
            if (name.matches("\\d{9}")) {
                steps.add(Long.parseLong(name));
            }
        }
        return new ArrayList<>(steps);
    }

    /** Writes DIR/config.json (from the run's run.json) and DIR/checkpoints/STEP/ for each step. */
    public Path copy(String runId, List<Long> steps, Path dir) throws Exception {
        RunId.require(runId);
        JsonNode record;
        try (InputStream in = s3.getObject(GetObjectArgs.builder()
                .bucket(Provisioning.BUCKET)
                .object("runs/" + runId + "/run.json")
                .build())) {
            record = Events.json().readTree(in);
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(LocalTraining.CONFIG_FILE), Events.json().writeValueAsBytes(record.get("config")));
        for (long step : steps) {
            String prefix = "runs/%s/checkpoints/%09d/".formatted(runId, step);
            download(prefix, dir.resolve("checkpoints").resolve("%09d".formatted(step)));
        }
        return dir;
    }

    /** The classifier the evaluator keeps under classifiers/NAME/, into DIR. */
    public Path classifier(String name, Path dir) throws Exception {
        download("classifiers/" + name + "/", dir);
        return dir;
    }

    private void download(String prefix, Path dir) throws Exception {
        Files.createDirectories(dir);
        int files = 0;
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder()
                .bucket(Provisioning.BUCKET)
                .prefix(prefix)
                .recursive(true)
                .build())) {
            String key = item.get().objectName();
            String file = key.substring(prefix.length());
            if (file.isEmpty() || file.contains("/")) {
                continue;
            }
            s3.downloadObject(DownloadObjectArgs.builder()
                    .bucket(Provisioning.BUCKET)
                    .object(key)
                    .filename(dir.resolve(file).toString())
                    .overwrite(true)
                    .build());
            files++;
        }
        if (files == 0) {
            throw new IllegalArgumentException("nothing under " + prefix + " in the stack's bucket");
        }
    }
}
