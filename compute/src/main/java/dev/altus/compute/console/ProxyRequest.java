package dev.altus.compute.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 request head as the console proxy reads it (request line and headers, no body),
 * and the plain responses it answers with.
 */
record ProxyRequest(String method, String path, String query, Map<String, String> headers) {
  /** A request head larger than this is refused. */
  static final int MAX_HEAD = 16 * 1024;

  /** A request the proxy cannot read: answered with this status and message. */
  static final class BadRequest extends IOException {
    final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** Reads a request head; empty when the client closed before sending one. */
  static Optional<ProxyRequest> read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return Optional.empty();
        }
        throw new BadRequest(400, "The request ended before its headers did.");
      }
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new BadRequest(431, "The request's headers are larger than " + MAX_HEAD
            + " bytes.");
      }
      matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] first = lines[0].split(" ");
    if (first.length != 3 || !first[2].startsWith("HTTP/1.")) {
      throw new BadRequest(400, "The request line '" + lines[0] + "' is not HTTP/1.1.");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
      }
    }
    String target = first[1];
    if (!target.startsWith("/")) {
      throw new BadRequest(400, "The request target '" + target + "' is not a path.");
    }
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    return Optional.of(new ProxyRequest(first[0], decode(path), q < 0 ? "" : target.substring(q
        + 1), headers));
  }

  String header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
  }

  /** Whether the header holds the token in its comma-separated list, ignoring case. */
  boolean headerHas(String name, String token) {
    for (String v : header(name).split(",")) {
      if (v.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** A query parameter, decoded; empty when absent. */
  String param(String name) {
    return param(query, name);
  }

  static String param(String query, String name) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(k).equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return "";
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** An HTML page that says what went wrong and what to do, then the connection closes. */
  static void error(OutputStream out, int status, String title, String explanation)
      throws IOException {
    String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title></head>\n<body><h1>" + escape(title) + "</h1>\n<p>" + escape(explanation)
        + "</p></body></html>\n";
    respond(out, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
        true);
  }

  /**
   * A refused WebSocket upgrade: the status and the reason in a header, no body. A console client
   * reads whatever follows the answer's head as WebSocket frames, so the refusal must be nothing
   * but a closed connection to it (as Nova's proxy refuses a bad token); a person with curl still
   * sees why.
   */
  static void refuseUpgrade(OutputStream out, int status, String title, String explanation)
      throws IOException {
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
        + "X-Console-Error: " + (title + ": " + explanation).replaceAll("[\\r\\n]", " ") + "\r\n"
        + "Content-Length: 0\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** A whole response; {@code withBody} false for HEAD. */
  static void respond(OutputStream out, int status, String type, byte[] body, boolean withBody)
      throws IOException {
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
        + "Content-Type: " + type + "\r\nContent-Length: " + body.length + "\r\n"
        + "Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n"
        + "Connection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    if (withBody) {
      out.write(body);
    }
    out.flush();
  }

  static String reason(int status) {
    return switch (status) {
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 426 -> "Upgrade Required";
      case 431 -> "Request Header Fields Too Large";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
