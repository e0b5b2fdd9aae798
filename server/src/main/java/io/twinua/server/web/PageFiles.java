package io.twinua.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The page's own files, shipped in the jar: no CDN, no web fonts (plants have no internet). Read
 * once at start, so a request never touches the disk.
 */
final class PageFiles {

  /** One file as it goes out. */
  record PageFile(String contentType, byte[] body) {}

  private static final String DIR = "page/";
  private static final Map<String, String> FILES = Map.of(
      "/", "index.html",
      "/status.css", "status.css",
      "/status.js", "status.js");

  private final Map<String, PageFile> byPath;

  private PageFiles(Map<String, PageFile> byPath) {
    this.byPath = byPath;
  }

  static PageFiles load() {
    var loaded = new java.util.HashMap<String, PageFile>();
    FILES.forEach((path, file) -> loaded.put(path, new PageFile(contentType(file), read(file))));
    return new PageFiles(Map.copyOf(loaded));
  }

  Optional<PageFile> at(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  private static byte[] read(String file) {
    try (InputStream in = PageFiles.class.getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("status page file " + file + " missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String contentType(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (file.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "text/javascript; charset=utf-8";
  }
}
