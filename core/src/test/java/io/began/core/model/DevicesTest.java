package io.began.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DevicesTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void ompNumThreadsBoundsTheIntraOpThreadsAsInPyTorch() {
        assertEquals(1, Devices.intraOpThreads("1"));
        assertEquals(3, Devices.intraOpThreads(" 3 "));
    }

    @Test
    void withoutAUsableOmpNumThreadsEveryCoreIsUsed() {
        assertEquals(CORES, Devices.intraOpThreads(null));
        assertEquals(CORES, Devices.intraOpThreads("0"));
        assertEquals(CORES, Devices.intraOpThreads("4,2"));
        assertEquals(CORES, Devices.intraOpThreads("many"));
    }
}
