package io.twinua.server.security;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Writes secrets (private keys, password hashes, keystore passwords) so that only the owner can
 * read them: mode 600 on POSIX file systems, an owner-only ACL elsewhere (Windows). Files are
 * written to a temporary file that already has the restricted mode and then moved into place, so
 * a secret is never readable by others, not even for a moment, and never half-written.
 */
public final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> FILE_600 = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_700 = PosixFilePermissions.fromString("rwx------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private OwnerOnlyFiles() {}

  /** Atomically replaces {@code target} with {@code content}, readable by the owner only. */
  public static void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    byte[] suffix = new byte[6];
    RANDOM.nextBytes(suffix);
    Path tmp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(suffix) + ".tmp");
    createFile(tmp);
    try {
      Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates {@code dir} (and parents) and restricts the last element to the owner. */
  static void createDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
    }
    restrict(dir, true);
  }

  /** True if {@code file} is readable by its owner only (or the file system cannot say). */
  public static boolean isOwnerOnly(Path file) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null) {
      return true;
    }
    Set<PosixFilePermission> perms = posix.readAttributes().permissions();
    return !perms.contains(PosixFilePermission.GROUP_READ)
        && !perms.contains(PosixFilePermission.OTHERS_READ)
        && !perms.contains(PosixFilePermission.GROUP_WRITE)
        && !perms.contains(PosixFilePermission.OTHERS_WRITE);
  }

  private static void createFile(Path file) throws IOException {
    if (Files.getFileStore(file.getParent()).supportsFileAttributeView(PosixFileAttributeView.class)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_600));
      } catch (FileAlreadyExistsException e) {
        throw new IOException("temporary file already exists: " + file, e);
      }
      // umask can only remove bits, but be explicit in case the file system ignored the attribute
      Files.setPosixFilePermissions(file, FILE_600);
    } else {
      Files.createFile(file);
      restrict(file, false);
    }
  }

  private static void restrict(Path path, boolean directory) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (posix != null) {
      posix.setPermissions(directory ? DIR_700 : FILE_600);
      return;
    }
    AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
    if (acl != null) {
      UserPrincipal owner = Files.getOwner(path);
      AclEntry ownerOnly =
          AclEntry.newBuilder()
              .setType(AclEntryType.ALLOW)
              .setPrincipal(owner)
              .setPermissions(EnumSet.allOf(AclEntryPermission.class))
              .build();
      acl.setAcl(List.of(ownerOnly));
      return;
    }
    throw new IOException("cannot restrict access to " + path + ": file system has no POSIX or ACL permissions");
  }
}
