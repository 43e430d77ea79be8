package io.began.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.began.core.data.ImageSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleDiversityTest {

    @Test
    void oneRepeatedImageHasNone() {
        float[] images = new float[4 * 3];
        for (int i = 0; i < images.length; i++) {
            images[i] = (i % 3) * 0.5f - 0.5f;
        }
        assertEquals(0, SampleDiversity.of(images, 4), 0);
    }

    @Test
    void meanOfPairwiseDistances() {
        // three 2-pixel images: (0,0), (0.6,0.8), (0,0.8): distances 1, 0.8, 0.6
        float[] images = {0, 0, 0.6f, 0.8f, 0, 0.8f};
        assertEquals(0.8, SampleDiversity.of(images, 3), 1e-7);
    }

    @Test
    void measuresWhatTheGridShows() {
        // the networks have no output activation; a grid clips to [-1, 1], so 3 and 1 look (and count) the same
        assertEquals(0, SampleDiversity.of(new float[] {3, 1}, 2), 0);
        assertEquals(2, SampleDiversity.of(new float[] {-5, 1}, 2), 0);
    }

    @Test
    void needsTwoImagesOfEqualSize() {
        assertThrows(IllegalArgumentException.class, () -> SampleDiversity.of(new float[3], 1));
        assertThrows(IllegalArgumentException.class, () -> SampleDiversity.of(new float[5], 2));
    }

    @Test
    void realLevelSpreadsOverTheDataSet() {
        // 100 one-pixel images of value -1 except image 50, which is 1: two picks (0 and 50) are 2 apart
        List<Integer> read = new ArrayList<>();
        ImageSource data = new ImageSource() {
            public int size() {
                return 100;
            }

            public int imageSize() {
                return 1;
            }

            public int channels() {
                return 1;
            }

            public void read(int index, float[] dst, int offset) {
                read.add(index);
                dst[offset] = index == 50 ? 1 : -1;
            }

            public String description() {
                return "test";
            }
        };
        assertEquals(2, SampleDiversity.ofReal(data, 2), 0);
        assertEquals(List.of(0, 50), read);
    }
}
