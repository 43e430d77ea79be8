package io.began.core.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder (searched recursively) of JPEG/PNG images, decoded one at a time as batches ask for them, so a set the
 * size of CelebA is never in memory. With {@code faceCrop} the aligned CelebA images (178×218) are cropped to the
 * usual 128×128 face box at (x=25, y=50), as BEGAN-tensorflow does, before resizing.
 */
public final class ImageFolder extends ScaledImages {

    private static final int CROP_X = 25;
    private static final int CROP_Y = 50;
    private static final int CROP_SIDE = 128;

    private final Path dir;
    private final List<Path> files;
    private final boolean faceCrop;

    public ImageFolder(Path dir, int size, int channels, boolean faceCrop) {
        super(size, channels);
        this.dir = dir;
        this.faceCrop = faceCrop;
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir, "no such directory");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(ImageFolder::isImage)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new DatasetException(dir, "no .jpg, .jpeg or .png images in this folder");
        }
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public void read(int index, float[] dst, int offset) {
        Path file = files.get(index);
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DatasetException(file, "cannot decode image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new DatasetException(file, "not a decodable JPEG or PNG image");
        }
        if (faceCrop) {
            if (image.getWidth() < CROP_X + CROP_SIDE || image.getHeight() < CROP_Y + CROP_SIDE) {
                throw new DatasetException(
                        file,
                        "too small (" + image.getWidth() + "×" + image.getHeight()
                                + ") for the CelebA face crop; expected the aligned 178×218 images");
            }
            image = image.getSubimage(CROP_X, CROP_Y, CROP_SIDE, CROP_SIDE);
        } else if (image.getWidth() != image.getHeight()) {
            int side = Math.min(image.getWidth(), image.getHeight());
            image = image.getSubimage((image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side);
        }
        image = normalise(image);
        Pixels.toFloats(Pixels.resize(image, imageSize()), channels(), dst, offset);
    }

    /** Indexed, alpha and 16-bit images become plain gray or RGB. */
    private static BufferedImage normalise(BufferedImage image) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        boolean gray = image.getColorModel().getNumColorComponents() == 1 && type != BufferedImage.TYPE_BYTE_INDEXED;
        BufferedImage out = new BufferedImage(
                image.getWidth(), image.getHeight(), gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        out.createGraphics().drawImage(image, 0, 0, null);
        return out;
    }

    @Override
    public String description() {
        return "image folder " + dir + " (" + files.size() + " images" + (faceCrop ? ", CelebA face crop" : "") + ")";
    }
}
