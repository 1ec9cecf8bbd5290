package dev.altus.identity.token;

import com.macasaet.fernet.Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Fernet keys in a directory, laid out as keystone-manage does: file {@code 0} is the staged key,
 * the highest number is the primary (used to sign), the others are secondary (still accepted).
 * Rotation promotes the staged key, stages a new one, and keeps {@code maxActiveKeys} keys, so
 * tokens signed by the previous primary stay valid until they expire.
 */
public final class FernetKeyRepository {
  private final Path dir;
  private final int maxActiveKeys;
  private volatile List<Key> keys = List.of();
  private volatile Key primary;

  public FernetKeyRepository(Path dir, int maxActiveKeys) {
    if (maxActiveKeys < 3) {
      throw new IllegalArgumentException("token.max_active_keys must be at least 3");
    }
    this.dir = dir;
    this.maxActiveKeys = maxActiveKeys;
  }

  /** Creates the key directory with a staged and a primary key if it has none. */
  public FernetKeyRepository initialize() {
    try {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      if (read().isEmpty()) {
        write(0, Key.generateKey());
        write(1, Key.generateKey());
      }
      load();
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("cannot set up Fernet keys in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Re-reads the keys from disk; true if they changed. */
  public synchronized boolean load() {
    List<Key> before = keys;
    TreeMap<Integer, Key> found = read();
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "No Fernet keys in " + dir + ". Run 'altus token-keys rotate' or start with 'altus up'.");
    }
    List<Key> ordered = new ArrayList<>();
    // primary first, then the rest newest first, so validation tries the likely key first
    for (Integer i : found.descendingKeySet()) {
      ordered.add(found.get(i));
    }
    primary = found.lastEntry().getValue();
    keys = List.copyOf(ordered);
    return !keys.equals(before);
  }

  /** Promotes the staged key to primary, stages a new key and drops the oldest beyond the limit. */
  public synchronized void rotate() {
    try {
      TreeMap<Integer, Key> found = read();
      if (found.isEmpty()) {
        initialize();
        return;
      }
      int next = found.lastKey() + 1;
      Files.move(dir.resolve("0"), dir.resolve(Integer.toString(next)), StandardCopyOption.ATOMIC_MOVE);
      write(0, Key.generateKey());
      TreeMap<Integer, Key> now = read();
      while (now.size() > maxActiveKeys) {
        Integer oldest = now.navigableKeySet().stream().filter(i -> i > 0).findFirst().orElseThrow();
        Files.delete(dir.resolve(Integer.toString(oldest)));
        now.remove(oldest);
      }
      load();
    } catch (IOException e) {
      throw new IllegalStateException("key rotation failed in " + dir + ": " + e.getMessage(), e);
    }
  }

  public Key primary() {
    return primary;
  }

  public List<Key> all() {
    return keys;
  }

  public int count() {
    return keys.size();
  }

  private TreeMap<Integer, Key> read() {
    TreeMap<Integer, Key> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.matches("\\d+")) {
          out.put(Integer.parseInt(n), new Key(Files.readString(p).trim()));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read Fernet keys in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private void write(int index, Key key) throws IOException {
    Path tmp = dir.resolve(".tmp-" + index);
    Files.writeString(tmp, key.serialise());
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    Files.move(tmp, dir.resolve(Integer.toString(index)), StandardCopyOption.ATOMIC_MOVE);
  }
}
