package io.began.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.SortedMap;

/** What an export reads of a run: its metrics rows, step by step, and its sample grids by step. */
interface RunFigures {

    /** Where they come from, for the summary line. */
    String source();

    /** One row per step (the newest where a resumed run repeated steps), in step order. */
    List<JsonNode> metrics() throws Exception;

    /** Each checkpoint's sample grid (PNG bytes) by step. */
    SortedMap<Long, byte[]> grids() throws Exception;
}
