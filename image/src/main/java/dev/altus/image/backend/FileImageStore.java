package dev.altus.image.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Image data as files: {@code DIR/<image id>}, written first to {@code DIR/.incoming/<id>.<random>},
 * fsynced, then renamed into place, so a file under its id is always complete. Data is written and
 * read with direct I/O where the file system allows it (see {@link DirectIo}). Memory use is a
 * fixed pool of buffers per transfer whatever the image size.
 */
public final class FileImageStore implements ImageStore {
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{1,64}");
  private static final int BUFFERS = 16;
  private final Path dir;
  private final Path incoming;
  private final boolean directIo;

  public FileImageStore(Path dir) {
    this(dir, true);
  }

  /** {@code directIo} false reads and writes through the page cache only. */
  FileImageStore(Path dir, boolean directIo) {
    this.dir = dir;
    this.directIo = directIo;
    this.incoming = dir.resolve(".incoming");
    try {
      Files.createDirectories(incoming);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the image directory " + dir + ": "
          + e.getMessage() + ". Check the data directory's permissions.", e);
    }
  }

  private Path file(String imageId) {
    if (!ID.matcher(imageId).matches()) {
      throw new IllegalArgumentException("not an image id: " + imageId);
    }
    return dir.resolve(imageId);
  }

  @Override
  public StoredData write(String imageId, InputStream data, long maxBytes) throws IOException {
    Path target = file(imageId);
    Path tmp = incoming.resolve(imageId + "." + UUID.randomUUID());
    long size = 0;
    boolean done = false;
    MessageDigest md5 = digest("MD5");
    MessageDigest sha512 = digest("SHA-512");
    // this thread only reads the body into pooled buffers; MD5, SHA-512 and the file writer each
    // run on their own thread, so the upload is bound by the slowest of them, not by their sum
    try (DataFileWriter out = new DataFileWriter(tmp, directIo);
        ChunkFanOut fanOut = new ChunkFanOut(BUFFERS, List.of("md5", "sha512", "writer"),
            List.of((b, n) -> md5.update(b, 0, n), (b, n) -> sha512.update(b, 0, n), out::write))) {
      while (true) {
        byte[] buf = fanOut.buffer();
        int n = data.readNBytes(buf, 0, buf.length);
        if (n <= 0) {
          fanOut.release(buf);
          break;
        }
        size += n;
        if (maxBytes >= 0 && size > maxBytes) {
          fanOut.release(buf);
          throw new TooLargeException("The image data is larger than the " + maxBytes
              + " bytes allowed.");
        }
        fanOut.submit(buf, n);
      }
      fanOut.finish();
      out.sync();
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    syncDirectory();
    HexFormat hex = HexFormat.of();
    return new StoredData(size, hex.formatHex(md5.digest()), hex.formatHex(sha512.digest()));
  }

  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not every file system lets a directory be opened for sync; the rename is still atomic
    }
  }

  @Override
  public InputStream open(String imageId, long offset, long length) throws IOException {
    return DataFileReader.open(file(imageId), offset, length, directIo);
  }

  @Override
  public Optional<Long> size(String imageId) throws IOException {
    Path f = file(imageId);
    return Files.exists(f) ? Optional.of(Files.size(f)) : Optional.empty();
  }

  @Override
  public Optional<Path> localFile(String imageId) {
    Path f = file(imageId);
    return Files.exists(f) ? Optional.of(f) : Optional.empty();
  }

  @Override
  public void delete(String imageId) throws IOException {
    Files.deleteIfExists(file(imageId));
  }

  @Override
  public Set<String> storedIds() throws IOException {
    Set<String> ids = new HashSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Files.isRegularFile(p) && ID.matcher(name).matches()) {
          ids.add(name);
        }
      }
    }
    return ids;
  }

  @Override
  public int removeIncomplete() throws IOException {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(incoming)) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
        n++;
      }
    }
    return n;
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
