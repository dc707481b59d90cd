package io.reattach.config;
/** TEMPORARY STUB (untracked). */
public final class SettingsLoader {
    public static Settings load(String agentArgs) throws ConfigException { return Settings.defaults(); }
    public static String onConfigError(String agentArgs) { return "fail"; }
}
