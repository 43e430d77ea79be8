package io.began.core.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Panels of line charts side by side, one per quantity (FID, IS, recall over steps), each with the same named series,
 * drawn with Java2D into a PNG: the charts in docs/ come from the project's own code, not from a plotting tool.
 */
public final class LineChart {

    /** One series of one panel: points (x ascending) under a name. */
    public record Series(String name, double[] x, double[] y) {}

    /** One panel: a title, its series, and an optional reference line (a real-data baseline), or NaN. */
    public record Panel(String title, List<Series> series, double reference, String referenceLabel) {}

    private static final Color[] COLORS = {
        new Color(0x3f6fb5),
        new Color(0xc62828),
        new Color(0x2e7d32),
        new Color(0x6a1b9a),
        new Color(0xef6c00),
        new Color(0x00838f)
    };
    private static final int PANEL_WIDTH = 420;
    private static final int PANEL_HEIGHT = 300;
    private static final int MARGIN_LEFT = 56;
    private static final int MARGIN_RIGHT = 28;
    private static final int MARGIN_TOP = 30;
    private static final int MARGIN_BOTTOM = 44;

    private LineChart() {}

    /** Renders the panels in a row, a legend of the first panel's series names above them, with a title. */
    public static BufferedImage render(String title, List<Panel> panels) {
        int legendHeight = 26;
        int titleHeight = 28;
        BufferedImage image = new BufferedImage(
                PANEL_WIDTH * panels.size(), titleHeight + legendHeight + PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, 12, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int x = 12;
            if (!panels.isEmpty()) {
                List<Series> names = panels.get(0).series();
                for (int i = 0; i < names.size(); i++) {
                    g.setColor(COLORS[i % COLORS.length]);
                    g.fillRect(x, titleHeight + 6, 18, 4);
                    g.setColor(Color.BLACK);
                    g.drawString(names.get(i).name(), x + 24, titleHeight + 13);
                    x += 34 + g.getFontMetrics().stringWidth(names.get(i).name());
                }
            }
            for (int p = 0; p < panels.size(); p++) {
                Graphics2D panel =
                        (Graphics2D) g.create(p * PANEL_WIDTH, titleHeight + legendHeight, PANEL_WIDTH, PANEL_HEIGHT);
                try {
                    draw(panel, panels.get(p));
                } finally {
                    panel.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    public static void write(String title, List<Panel> panels, Path png) throws IOException {
        Files.write(png, SampleGrid.png(render(title, panels)));
    }

    private static void draw(Graphics2D g, Panel panel) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series s : panel.series()) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.y()[i])) {
                    minX = Math.min(minX, s.x()[i]);
                    maxX = Math.max(maxX, s.x()[i]);
                    minY = Math.min(minY, s.y()[i]);
                    maxY = Math.max(maxY, s.y()[i]);
                }
            }
        }
        if (Double.isFinite(panel.reference())) {
            minY = Math.min(minY, panel.reference());
            maxY = Math.max(maxY, panel.reference());
        }
        if (!Double.isFinite(minX)) {
            minX = 0;
            maxX = 1;
            minY = 0;
            maxY = 1;
        }
        minY = Math.min(minY, 0);
        double[] yTicks = ticks(minY, maxY);
        minY = yTicks[0];
        maxY = yTicks[yTicks.length - 1];
        double[] xTicks = ticks(minX, maxX);
        minX = Math.min(minX, xTicks[0]);
        maxX = xTicks[xTicks.length - 1];
        int left = MARGIN_LEFT;
        int right = PANEL_WIDTH - MARGIN_RIGHT;
        int top = MARGIN_TOP;
        int bottom = PANEL_HEIGHT - MARGIN_BOTTOM;
        final double x0 = minX;
        final double xSpan = Math.max(maxX - minX, 1e-12);
        final double y0 = minY;
        final double ySpan = Math.max(maxY - minY, 1e-12);
        DoubleUnaryOperator px = v -> left + (v - x0) / xSpan * (right - left);
        DoubleUnaryOperator py = v -> bottom - (v - y0) / ySpan * (bottom - top);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), left, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (double t : yTicks) {
            int y = (int) Math.round(py.applyAsDouble(t));
            g.setColor(new Color(0xe4e4e4));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = label(t, yTicks);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
        }
        for (double t : xTicks) {
            int x = (int) Math.round(px.applyAsDouble(t));
            g.setColor(new Color(0xe4e4e4));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            String label = label(t, xTicks);
            g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 15);
        }
        g.drawString("step", (left + right) / 2 - fm.stringWidth("step") / 2, bottom + 32);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        if (Double.isFinite(panel.reference())) {
            int y = (int) Math.round(py.applyAsDouble(panel.reference()));
            g.setColor(Color.GRAY);
            g.setStroke(
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            g.drawLine(left, y, right, y);
            g.setStroke(new BasicStroke(1f));
            g.drawString(panel.referenceLabel(), left + 4, y - 4);
        }
        for (int i = 0; i < panel.series().size(); i++) {
            Series s = panel.series().get(i);
            g.setColor(COLORS[i % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            Path2D.Double line = new Path2D.Double();
            boolean started = false;
            for (int j = 0; j < s.x().length; j++) {
                if (!Double.isFinite(s.y()[j])) {
                    continue;
                }
                double x = px.applyAsDouble(s.x()[j]);
                double y = py.applyAsDouble(s.y()[j]);
                if (started) {
                    line.lineTo(x, y);
                } else {
                    line.moveTo(x, y);
                    started = true;
                }
                g.fillOval((int) Math.round(x) - 3, (int) Math.round(y) - 3, 6, 6);
            }
            g.draw(line);
        }
    }

    /** About five round ticks covering [min, max]. */
    static double[] ticks(double min, double max) {
        if (max <= min) {
            max = min + 1;
        }
        double raw = (max - min) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        double start = Math.floor(min / step) * step;
        List<Double> ticks = new ArrayList<>();
        for (double t = start; t < max + step * 0.999; t += step) {
            ticks.add(t);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A tick's label with as many decimals as the ticks' spacing needs (0.005 → three). */
    private static String label(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = 0;
        while (decimals < 8
                && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
                        > 1e-6 * Math.pow(10, decimals)) {
            decimals++;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
