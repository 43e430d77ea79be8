package io.began.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.stack.LocalEnv;
import io.began.cli.stack.ObjectStorage;
import io.began.cli.stack.Provisioning;
import io.began.cli.stack.RunEvents;
import io.began.core.events.RunId;
import io.began.core.events.Topics;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A run of the local stack: its events on began.metrics, read from the beginning to the end as they are now (a
 * consumer of no group: nothing committed), and the sample grids in its bucket under runs/RUN/samples/.
 */
final class StackRunFigures implements RunFigures {

    private final LocalEnv env;
    private final String runId;

    StackRunFigures(LocalEnv env, String runId) {
        RunId.require(runId);
        this.env = env;
        this.runId = runId;
    }

    @Override
    public String source() {
        return Topics.METRICS + " at " + env.get(LocalEnv.KAFKA) + " and the bucket at "
                + env.get(LocalEnv.S3_ENDPOINT);
    }

    @Override
    public List<JsonNode> metrics() throws IOException {
        TreeMap<Long, JsonNode> rows = new TreeMap<>();
        for (JsonNode event : RunEvents.read(env.get(LocalEnv.KAFKA), Topics.METRICS, runId)) {
            // a resumed run repeats the steps after its checkpoint: the later event of a step counts
            rows.put(event.path("step").asLong(), event);
        }
        return new ArrayList<>(rows.values());
    }

    @Override
    public SortedMap<Long, byte[]> grids() throws Exception {
        MinioClient s3 = ObjectStorage.client(env);
        String prefix = "runs/" + runId + "/samples/";
        SortedMap<Long, byte[]> grids = new TreeMap<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder()
                .bucket(Provisioning.BUCKET)
                .prefix(prefix)
                .build())) {
            String name = item.get().objectName().substring(prefix.length());
            if (name.matches("\\d{9}\\.png")) {
                try (InputStream in = s3.getObject(GetObjectArgs.builder()
                        .bucket(Provisioning.BUCKET)
                        .object(item.get().objectName())
                        .build())) {
                    grids.put(Long.parseLong(name.substring(0, 9)), in.readAllBytes());
                }
            }
        }
        return grids;
    }
}
