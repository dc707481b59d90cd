package io.reattach.config;
/** TEMPORARY STUB (untracked). */
public class ConfigException extends Exception { public ConfigException(String m) { super(m); } }
