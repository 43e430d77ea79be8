package io.began.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SampleGridTest {

    @Test
    void sixtyFourImagesMakeAnEightByEightGridWithClippedPixels() throws IOException {
        int size = 4;
        float[] images = new float[64 * size * size];
        images[0] = 2f; // image 0, pixel (0,0): clipped to white
        images[size * size] = -1f; // image 1, pixel (0,0): black
        images[63 * size * size + 5] = 0f; // image 63, pixel (1,1): mid gray
        BufferedImage grid = SampleGrid.render(images, 64, 1, size);
        assertEquals(8 * size + 9 * 2, grid.getWidth());
        assertEquals(8 * size + 9 * 2, grid.getHeight());
        assertEquals(0xFFFFFF, grid.getRGB(2, 2) & 0xFFFFFF);
        assertEquals(0x000000, grid.getRGB(2 + size + 2, 2) & 0xFFFFFF);
        int x63 = 2 + 7 * (size + 2) + 1;
        assertEquals(0x808080, grid.getRGB(x63, x63) & 0xFFFFFF);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(SampleGrid.png(grid)));
        // PNG is lossless at any deflate level: every pixel comes back
        int w = grid.getWidth();
        int h = grid.getHeight();
        assertArrayEquals(grid.getRGB(0, 0, w, h, null, 0, w), decoded.getRGB(0, 0, w, h, null, 0, w));
    }

    @Test
    void colourImagesUseTheirThreePlanesAndOddCountsRoundTheGridUp() {
        float[] images = new float[5 * 3 * 4];
        images[0] = 1f; // R of image 0 pixel 0
        images[4] = -1f; // G
        images[8] = 1f; // B
        BufferedImage grid = SampleGrid.render(images, 5, 3, 2);
        assertEquals(3 * 2 + 4 * 2, grid.getWidth()); // ⌈√5⌉ = 3 columns
        assertEquals(2 * 2 + 3 * 2, grid.getHeight()); // 2 rows
        assertEquals(0xFF00FF, grid.getRGB(2, 2) & 0xFFFFFF);
    }
}
