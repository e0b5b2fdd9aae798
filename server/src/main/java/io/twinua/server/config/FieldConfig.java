package io.twinua.server.config;

/** One field of a user archive record. */
public record FieldConfig(String name, FieldType type) {}
