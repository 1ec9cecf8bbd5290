package dev.altus.compute.virt;

/**
 * Where a guest's graphical console listens, for the console proxy to connect to.
 *
 * @param protocol "vnc" (later "spice")
 * @param host the address on the compute host
 * @param port the TCP port
 */
public record ConsoleAddress(String protocol, String host, int port) {}
