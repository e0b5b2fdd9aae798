package io.twinua.server.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fingerprint of the project both stations must share ("Projects not functionally
 * equivalent", message 1012202, when they differ): SHA-256 over the project's parsed content in a
 * canonical form, then the NodeSet file's bytes.
 *
 * <p>Canonical means: the loaded {@link ProjectConfig} (defaults filled in, so an omitted default
 * and an explicit one are equal) as JSON with sorted keys, paths relative to the project
 * directory, without the project file's own name. Comments, formatting and key order in the YAML
 * do not change the digest; any value does.
 */
public final class ProjectDigest {

  private static final String VERSION = "twinua-project-digest-v1\n";

  private ProjectDigest() {}

  /** Lower-case hex SHA-256. Reads the NodeSet file now: call it right after loading. */
  public static String of(ProjectConfig project) throws ConfigException {
    Path projectDirectory = project.sourceFile().getParent();
    byte[] nodeSet;
    try {
      nodeSet = Files.readAllBytes(project.nodeSetFile());
    } catch (IOException e) {
      throw new ConfigException(project.sourceFile(), "nodeSet", "cannot read " + project.nodeSetFile() + ": " + e.getMessage(), e);
    }
    MessageDigest sha256 = sha256();
    sha256.update(VERSION.getBytes(StandardCharsets.UTF_8));
    sha256.update(canonical(project, projectDirectory).getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(nodeSet);
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** The normalized project content that goes into the digest (visible for diagnostics). */
  public static String canonical(ProjectConfig project) {
    return canonical(project, project.sourceFile().getParent());
  }

  private static String canonical(ProjectConfig project, Path projectDirectory) {
    SimpleModule relativePaths = new SimpleModule();
    relativePaths.addSerializer(Path.class, new RelativePathSerializer(projectDirectory));
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addModule(relativePaths)
            .build();
    ObjectNode tree = mapper.valueToTree(project);
    tree.remove("sourceFile"); // the file's name is not part of what the project does
    try {
      return mapper.writeValueAsString(mapper.treeToValue(tree, Object.class));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize project " + project.name(), e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }

  /** Paths as seen from the project directory, with '/', so both computers write the same text. */
  private static final class RelativePathSerializer extends JsonSerializer<Path> {
    private final Path base;

    RelativePathSerializer(Path base) {
      this.base = base;
    }

    @Override
    public void serialize(Path path, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeString(base.relativize(path).toString().replace('\\', '/'));
    }
  }
}
