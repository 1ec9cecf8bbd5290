package dev.altus.compute.virt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image held as a file on the compute host (the host's image cache), with the kernel, ramdisk
 * and command line of a direct kernel boot when the image names them.
 */
public record FileImage(String id, String diskFormat, Path file, long size, ImageSource kernel,
    ImageSource ramdisk, String commandLine) implements ImageSource {
  /** An image file that boots from its own disk. */
  public FileImage(String id, String diskFormat, Path file, long size) {
    this(id, diskFormat, file, size, null, null, null);
  }

  @Override
  public InputStream open() throws IOException {
    return Files.newInputStream(file);
  }
}
