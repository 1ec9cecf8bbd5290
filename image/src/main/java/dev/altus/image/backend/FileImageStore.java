package dev.altus.image.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
 * fsynced, then renamed into place, so a file under its id is always complete. Memory use is one
 * fixed buffer per transfer whatever the image size.
 */
public final class FileImageStore implements ImageStore {
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{1,64}");
  private static final int BUFFER = 1024 * 1024;
  private final Path dir;
  private final Path incoming;

  public FileImageStore(Path dir) {
    this.dir = dir;
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
    List<String> sums;
    // MD5 and SHA-512 run on their own threads while this one reads and writes
    try (ParallelDigests digests = new ParallelDigests(BUFFER, 8, "MD5", "SHA-512");
        FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
      while (true) {
        byte[] buf = digests.buffer();
        int n = data.readNBytes(buf, 0, buf.length);
        if (n <= 0) {
          digests.release(buf);
          break;
        }
        size += n;
        if (maxBytes >= 0 && size > maxBytes) {
          throw new TooLargeException("The image data is larger than the " + maxBytes
              + " bytes allowed.");
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
        digests.submit(buf, n);
      }
      out.force(true);
      sums = digests.finish();
      done = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("upload interrupted");
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
    return new StoredData(size, sums.get(0), sums.get(1));
  }

  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not every file system lets a directory be opened for sync; the rename is still atomic
    }
  }

  @Override
  public InputStream open(String imageId, long offset) throws IOException {
    FileChannel ch = FileChannel.open(file(imageId), StandardOpenOption.READ);
    ch.position(offset);
    return Channels.newInputStream(ch);
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
