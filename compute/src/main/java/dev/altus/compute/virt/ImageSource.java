package dev.altus.compute.virt;

import java.io.IOException;
import java.io.InputStream;

/** An image a driver boots from or rebuilds with: its identity, format and bytes. */
public interface ImageSource {
  String id();

  /** Glance's disk_format: qcow2, raw, ... */
  String diskFormat();

  long size();

  /** The image's bytes from the start; the caller closes the stream. */
  InputStream open() throws IOException;
}
