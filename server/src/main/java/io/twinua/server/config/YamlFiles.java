package io.twinua.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a YAML file into a raw file record (nullable fields, one per key) with strict Jackson
 * settings, turning every Jackson error into a {@link ConfigException} with the key path.
 * Semantic checks happen afterwards, on the raw record, in the loaders.
 */
final class YamlFiles {

  private static final YAMLMapper MAPPER = strictMapper();

  private YamlFiles() {}

  /**
   * The largest file read, in characters: SnakeYAML's default of 3 MB refused a 100,000-tag
   * project (about 8 MB); 256 MB holds millions of tags and still stops a runaway file.
   */
  static final int MAX_CODE_POINTS = 256 * 1024 * 1024;

  private static YAMLMapper strictMapper() {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(MAX_CODE_POINTS);
    YAMLMapper mapper =
        YAMLMapper.builder(YAMLFactory.builder().loaderOptions(loader).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    // "port: '4840'" or "name: 1234" are typos more often than intent: no silent conversions
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  static <T> T read(Path file, Class<T> type) throws ConfigException {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, "", "file not found", e);
    } catch (IOException e) {
      throw new ConfigException(file, "", "cannot read: " + e.getMessage(), e);
    }
    try {
      T value = MAPPER.readValue(content, type);
      if (value == null) {
        throw new ConfigException(file, "", "file is empty");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          file, path(e.getPath()), "unknown key '" + e.getPropertyName() + "'" + known(e.getKnownPropertyIds()) + line(e), e);
    } catch (MismatchedInputException e) {
      if (String.valueOf(e.getOriginalMessage()).startsWith("No content to map")) {
        throw new ConfigException(file, "", "file is empty", e); // only comments or nothing
      }
      throw new ConfigException(file, path(e.getPath()), "wrong type: expected " + describe(e.getTargetType()) + line(e), e);
    } catch (JsonMappingException e) {
      throw new ConfigException(file, path(e.getPath()), e.getOriginalMessage() + line(e), e);
    } catch (JsonProcessingException e) {
      // syntax errors and duplicate keys come from the parser; its context knows where it was
      String where = e.getProcessor() instanceof JsonParser p ? pointerPath(p.getParsingContext().pathAsPointer()) : "";
      String message = e.getOriginalMessage();
      if (message != null && message.startsWith("Duplicate field")) {
        message = "duplicate key " + message.substring("Duplicate field ".length());
      } else {
        message = "not valid YAML: " + message;
      }
      throw new ConfigException(file, where, message.strip() + line(e), e);
    } catch (IOException e) {
      throw new ConfigException(file, "", "cannot read: " + e.getMessage(), e);
    }
  }

  private static String path(List<JsonMappingException.Reference> references) {
    KeyPath path = KeyPath.ROOT;
    for (JsonMappingException.Reference reference : references) {
      path = reference.getFieldName() != null ? path.key(reference.getFieldName()) : path.index(reference.getIndex());
    }
    return path.text();
  }

  private static String pointerPath(JsonPointer pointer) {
    KeyPath path = KeyPath.ROOT;
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      path = p.mayMatchElement() ? path.index(p.getMatchingIndex()) : path.key(p.getMatchingProperty());
    }
    return path.text();
  }

  private static String known(Collection<Object> keys) {
    return keys == null || keys.isEmpty()
        ? ""
        : " (known keys: " + keys.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
  }

  private static String line(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    return location == null || location.getLineNr() < 1 ? "" : " (line " + location.getLineNr() + ")";
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    } else if (type == String.class) {
      return "a string";
    } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    } else if (type == Double.class || type == double.class) {
      return "a number";
    } else if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    } else if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    } else if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping (key: value)";
    }
    return type.getSimpleName();
  }
}
