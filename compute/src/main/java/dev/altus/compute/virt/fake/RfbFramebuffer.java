package dev.altus.compute.virt.fake;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The screen of a fake guest: its console text drawn white on black with java.awt (headless), as
 * a text-mode console shows the last lines, and the pixels encoded in the pixel format a VNC client
 * asked for.
 */
final class RfbFramebuffer {
  static final int WIDTH = 720;
  static final int HEIGHT = 400;
  private static final int MARGIN = 4;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * An RFB pixel format (true colour only: a colour map is refused at SetPixelFormat).
   *
   * @param bitsPerPixel 8, 16 or 32
   */
  record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour,
      int redMax, int greenMax, int blueMax, int redShift, int greenShift, int blueShift) {
    /** 32-bit true colour, little-endian, 8 bits per channel: what the server offers first. */
    static final PixelFormat DEFAULT = new PixelFormat(32, 24, false, true, 255, 255, 255, 16, 8,
        0);

    /** Reads the 16 bytes of a pixel format. */
    static PixelFormat read(byte[] b) {
      return new PixelFormat(b[0] & 0xff, b[1] & 0xff, b[2] != 0, b[3] != 0, u16(b, 4),
          u16(b, 6), u16(b, 8), b[10] & 0xff, b[11] & 0xff, b[12] & 0xff);
    }

    /** The 16 bytes of this pixel format (3 bytes of padding at the end). */
    byte[] bytes() {
      return new byte[] {(byte) bitsPerPixel, (byte) depth, (byte) (bigEndian ? 1 : 0),
          (byte) (trueColour ? 1 : 0), (byte) (redMax >> 8), (byte) redMax,
          (byte) (greenMax >> 8), (byte) greenMax, (byte) (blueMax >> 8), (byte) blueMax,
          (byte) redShift, (byte) greenShift, (byte) blueShift, 0, 0, 0};
    }

    /** Why a client's format cannot be served, or null when it can. */
    String unsupported() {
      if (!trueColour) {
        return "colour-map pixel formats are not supported, only true colour";
      }
      if (bitsPerPixel != 8 && bitsPerPixel != 16 && bitsPerPixel != 32) {
        return "bits per pixel must be 8, 16 or 32, not " + bitsPerPixel;
      }
      return null;
    }

    private static int u16(byte[] b, int i) {
      return (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    }
  }

  private String drawnText;
  private int[] rgb = new int[WIDTH * HEIGHT];

  /** Draws the text (its last lines that fit) unless it is what is drawn already. */
  synchronized void draw(String text) {
    if (text.equals(drawnText)) {
      return;
    }
    drawnText = text;
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    try {
      Graphics2D g = img.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
            RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        g.setColor(new Color(0xd0, 0xd0, 0xd0));
        FontMetrics m = g.getFontMetrics();
        int lineHeight = Math.max(1, m.getHeight());
        int columns = Math.max(1, (WIDTH - 2 * MARGIN) / Math.max(1, m.charWidth('m')));
        List<String> lines = wrap(text, columns);
        int rows = (HEIGHT - 2 * MARGIN) / lineHeight;
        int from = Math.max(0, lines.size() - rows);
        int y = MARGIN + m.getAscent();
        for (String line : lines.subList(from, lines.size())) {
          g.drawString(line, MARGIN, y);
          y += lineHeight;
        }
      } finally {
        g.dispose();
      }
    } catch (RuntimeException | Error e) {
      // no fonts on this machine: the screen stays black rather than the console failing
    }
    rgb = img.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
  }

  /** The pixels of a rectangle (clipped to the screen by the caller) in the given format. */
  synchronized byte[] encode(PixelFormat f, int x, int y, int w, int h) {
    int bytes = f.bitsPerPixel() / 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream(w * h * bytes);
    byte[] px = new byte[bytes];
    // the bits no colour uses are set: some web clients take the spare byte of 32-bit pixels for
    // alpha, and a 0 there would draw the pixels transparent
    long used = (long) f.redMax() << f.redShift() | (long) f.greenMax() << f.greenShift()
        | (long) f.blueMax() << f.blueShift();
    long spare = ((1L << f.bitsPerPixel()) - 1) & ~used;
    for (int row = y; row < y + h; row++) {
      for (int col = x; col < x + w; col++) {
        int c = rgb[row * WIDTH + col];
        long v = (long) scale(c >> 16, f.redMax()) << f.redShift()
            | (long) scale(c >> 8, f.greenMax()) << f.greenShift()
            | (long) scale(c, f.blueMax()) << f.blueShift() | spare;
        for (int i = 0; i < bytes; i++) {
          int shift = 8 * (f.bigEndian() ? bytes - 1 - i : i);
          px[i] = (byte) (v >> shift);
        }
        out.write(px, 0, bytes);
      }
    }
    return out.toByteArray();
  }

  private static int scale(int channel, int max) {
    return ((channel & 0xff) * max + 127) / 255;
  }

  /** Splits text into lines of at most {@code columns} characters; tabs become spaces. */
  static List<String> wrap(String text, int columns) {
    List<String> lines = new ArrayList<>();
    for (String line : text.replace("\t", "    ").split("\n", -1)) {
      do {
        int end = Math.min(columns, line.length());
        lines.add(line.substring(0, end));
        line = line.substring(end);
      } while (!line.isEmpty());
    }
    return lines;
  }
}
