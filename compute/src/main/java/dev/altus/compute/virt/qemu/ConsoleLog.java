package dev.altus.compute.virt.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A guest's serial console log: QEMU appends what the guest prints to it (O_APPEND), the driver
 * reads it with {@code \r\n} made {@code \n} and keeps it bounded by cutting its oldest half
 * when it outgrows its limit.
 */
final class ConsoleLog {
  private ConsoleLog() {}

  /** The log's text, or its last {@code tailLines} lines when not null. */
  static String read(Path log, Integer tailLines) throws IOException {
    String text;
    try {
      text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      text = "";
    }
    text = text.replace("\r\n", "\n").replace("\r", "");
    if (tailLines == null) {
      return text;
    }
    if (tailLines == 0) {
      return "";
    }
    String[] lines = text.split("\n", -1);
    if (lines.length <= tailLines) {
      return text;
    }
    return String.join("\n", java.util.Arrays.copyOfRange(lines, lines.length - tailLines,
        lines.length));
  }

  /**
   * Keeps the log within {@code max} bytes: when larger, only its newest half (from a line start)
   * is kept. QEMU appends, so its next write lands at the new end.
   */
  static void bound(Path log, long max) throws IOException {
    if (!Files.exists(log) || Files.size(log) <= max) {
      return;
    }
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      long size = ch.size();
      int keep = (int) Math.min(max / 2, size);
      ByteBuffer tail = ByteBuffer.allocate(keep);
      ch.read(tail, size - keep);
      tail.flip();
      int start = 0;
      while (start < tail.limit() && tail.get(start) != '\n') {
        start++;
      }
      tail.position(Math.min(start + 1, tail.limit()));
      ch.truncate(0);
      ch.write(tail, 0);
    }
  }
}
