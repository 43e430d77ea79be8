package io.began.core.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** Turning decoded images into the network's input: resized to the run's size, CHW floats in [-1, 1]. */
final class Pixels {

    private Pixels() {}

    /**
     * Bilinear resize by Java2D. Large reductions go by halves first so that no source pixel is skipped
     * (plain bilinear aliases badly when shrinking CelebA's 128 px crops to 32).
     */
    static BufferedImage resize(BufferedImage image, int size) {
        BufferedImage current = image;
        while (current.getWidth() >= 2 * size * 2 && current.getHeight() >= 2 * size * 2) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() == size && current.getHeight() == size) {
            return current;
        }
        return draw(current, size, size);
    }

    private static BufferedImage draw(BufferedImage image, int width, int height) {
        int type = image.getType() == BufferedImage.TYPE_BYTE_GRAY
                ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB;
        BufferedImage out = new BufferedImage(width, height, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Writes a size×size image as CHW floats in [-1, 1]; gray is replicated to RGB, RGB becomes luma for 1 channel. */
    static void toFloats(BufferedImage image, int channels, float[] dst, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
        int[] rgb = gray ? null : image.getRGB(0, 0, w, h, null, 0, w);
        byte[] g = gray ? new byte[plane] : null;
        if (gray) {
            image.getRaster().getDataElements(0, 0, w, h, g);
        }
        for (int i = 0; i < plane; i++) {
            if (gray) {
                float v = scale(g[i] & 0xff);
                for (int c = 0; c < channels; c++) {
                    dst[offset + c * plane + i] = v;
                }
            } else {
                int r = (rgb[i] >> 16) & 0xff;
                int gr = (rgb[i] >> 8) & 0xff;
                int b = rgb[i] & 0xff;
                if (channels == 1) {
                    dst[offset + i] = scale(0.299f * r + 0.587f * gr + 0.114f * b);
                } else {
                    dst[offset + i] = scale(r);
                    dst[offset + plane + i] = scale(gr);
                    dst[offset + 2 * plane + i] = scale(b);
                }
            }
        }
    }

    /** [0, 255] → [-1, 1]. */
    static float scale(float v) {
        return v / 127.5f - 1f;
    }

    static BufferedImage gray(byte[] pixels, int offset, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster()
                .setDataElements(0, 0, width, height, Arrays.copyOfRange(pixels, offset, offset + width * height));
        return image;
    }
}
