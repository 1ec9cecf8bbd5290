package dev.altus.network.agent.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The host devices an agent made or adopted, each with the network it serves, kept in a file so
 * that after a restart the agent knows what is its to remove: a bridge named like Neutron's but not
 * listed here belongs to someone else (another cloud on the machine) and is left alone.
 */
final class OwnedDevices {
  private final Path file;
  private final Map<String, String> networkOf = new TreeMap<>();

  OwnedDevices(Path file) {
    this.file = file;
    try {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          String[] f = line.trim().split("\\s+");
          if (f.length == 2) {
            networkOf.put(f[0], f[1]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized void add(String device, String networkId) {
    if (!networkId.equals(networkOf.put(device, networkId))) {
      save();
    }
  }

  synchronized void remove(String device) {
    if (networkOf.remove(device) != null) {
      save();
    }
  }

  /** The devices serving a network. */
  synchronized Set<String> of(String networkId) {
    Set<String> out = new TreeSet<>();
    networkOf.forEach((d, n) -> {
      if (n.equals(networkId)) {
        out.add(d);
      }
    });
    return out;
  }

  synchronized Set<String> networks() {
    return new TreeSet<>(networkOf.values());
  }

  private void save() {
    StringBuilder b = new StringBuilder();
    networkOf.forEach((d, n) -> b.append(d).append(' ').append(n).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, b.toString());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
