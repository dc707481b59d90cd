package io.reattach.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code status <pid> --json}, read as much as the tests need: the agent's fields, each connection's
 * fields, each setting. The agent writes keys in a fixed order, one object per connection and per setting, so plain
 * patterns are enough, and the tests need no JSON library.
 */
public final class StatusJson {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}\\]]*)");

    private final String json;

    public StatusJson(String json) {
        this.json = json.trim();
        if (!this.json.startsWith("{\"pid\":")) {
            throw new AssertionError("not the JSON of status: " + json);
        }
    }

    /** A field of the agent's object, such as {@code RejectedReloads}, as text. */
    public String agent(String name) {
        String agent = json.substring(json.indexOf("\"agent\":{") + "\"agent\":{".length(), json.indexOf(",\"Settings\":["));
        return field(agent, name);
    }

    /** The connections, each as its JSON object's text; read fields with {@link #field}. */
    public List<String> connections() {
        String array = json.substring(json.indexOf("\"connections\":["));
        List<String> result = new ArrayList<>();
        for (String part : array.split("\\{\"Id\":")) {
            if (part.startsWith("\"connections\"")) {
                continue;
            }
            result.add("{\"Id\":" + part);
        }
        return result;
    }

    /** The value and source of a setting: {@code {"(200,100)", "agent argument"}}. */
    public String[] setting(String key) {
        Matcher m = Pattern.compile("\\{\"key\":\"" + key + "\",\"value\":\"([^\"]*)\",\"source\":\"([^\"]*)\"}").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no setting " + key + " in " + json);
        }
        return new String[]{m.group(1), m.group(2)};
    }

    /** A field of one JSON object's text, as text (strings without their quotes). */
    public static String field(String object, String name) {
        Matcher m = FIELD.matcher(object);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(3) != null ? m.group(3) : m.group(2);
            }
        }
        throw new AssertionError("no field " + name + " in " + object);
    }

    @Override
    public String toString() {
        return json;
    }
}
