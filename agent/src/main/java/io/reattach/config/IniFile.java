package io.reattach.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An INI file in IBM MQ's {@code mqclient.ini} format:
 * <pre>
 * # comment            ; comment too
 * CHANNELS:            stanza, IBM MQ style
 *    DefRecon=YES      key=value, indented or not
 * [TCP]                stanza, Windows INI style
 * KeepAlive=Yes  # inline comments start with # or ; after whitespace
 * </pre>
 * Keys before the first stanza are allowed. Line ends may be {@code \n}, {@code \r\n} or {@code \r}; a leading
 * UTF-8 byte order mark is skipped. The parser knows no key names: which keys mean something, and which may
 * not appear twice, is the loader's business.
 */
public final class IniFile {

    /**
     * After this many malformed lines the file is almost certainly not an INI file at all (a binary, a
     * properties file with another syntax...): one more line saying so helps more than a thousand others.
     */
    static final int MAX_LINE_PROBLEMS = 20;

    /** IBM MQ's keys are identifiers; dots and dashes are let through for other tools' files. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private static final String LINE_FORMS = "a stanza (NAME: or [NAME]), a Key=Value line, a comment (# or ;) or a blank line";

    private final String fileName;
    private final List<IniEntry> entries;

    private IniFile(String fileName, List<IniEntry> entries) {
        this.fileName = fileName;
        this.entries = Collections.unmodifiableList(entries);
    }

    /**
     * Parses a whole file's text.
     *
     * @param fileName how messages name the file, normally its path
     * @throws ConfigException listing every malformed line, each with its line number
     */
    public static IniFile parse(String fileName, String text) throws ConfigException {
        List<ConfigException.Problem> problems = new ArrayList<>();
        IniFile file = parse(fileName, text, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return file;
    }

    /**
     * Parses what can be parsed and adds a problem for each malformed line, so that the loader can report
     * those together with the problems of the well-formed lines.
     */
    static IniFile parse(String fileName, String text, List<ConfigException.Problem> problems) {
        List<IniEntry> entries = new ArrayList<>();
        String stanza = null;
        int lineProblems = 0;
        int lineNumber = 0;
        int pos = text.startsWith("\uFEFF") ? 1 : 0;
        while (pos <= text.length()) {
            int end = lineEnd(text, pos);
            String line = text.substring(pos, end);
            lineNumber++;
            pos = end + (end < text.length() && text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n' ? 2 : 1);

            String content = stripComment(line).trim();
            if (content.isEmpty()) {
                continue;
            }
            String error = null;
            if (content.startsWith("[")) {
                if (!content.endsWith("]") || content.length() < 2) {
                    error = Text.quote(content) + " starts a [NAME] stanza header but has no closing ']'";
                } else if (content.substring(1, content.length() - 1).trim().isEmpty()) {
                    error = "the stanza header [] has no name";
                } else {
                    stanza = content.substring(1, content.length() - 1).trim();
                }
            } else if (content.indexOf('=') >= 0) {
                int eq = content.indexOf('=');
                String key = content.substring(0, eq).trim();
                if (key.isEmpty()) {
                    error = Text.quote(content) + " has no key before '='";
                } else if (!KEY.matcher(key).matches()) {
                    error = Text.quote(key) + " is not a key name (letters, digits, '_', '.' and '-' only)";
                } else {
                    entries.add(new IniEntry(fileName, lineNumber, stanza, key, content.substring(eq + 1).trim()));
                }
            } else if (content.endsWith(":")) {
                String name = content.substring(0, content.length() - 1).trim();
                if (name.isEmpty()) {
                    error = "the stanza line ':' has no name";
                } else {
                    stanza = name;
                }
            } else {
                error = Text.quote(content) + " is not " + LINE_FORMS;
            }
            if (error != null) {
                lineProblems++;
                if (lineProblems > MAX_LINE_PROBLEMS) {
                    problems.add(new ConfigException.Problem(Source.file(fileName), null, null,
                            "more than " + MAX_LINE_PROBLEMS + " lines are malformed; is this an mqclient.ini file?", null));
                    break;
                }
                problems.add(new ConfigException.Problem(Source.fileLine(fileName, lineNumber), null, null, error, null));
            }
        }
        return new IniFile(fileName, entries);
    }

    private static int lineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }

    /**
     * Cuts a whole-line comment, or an inline one: {@code #} or {@code ;} after whitespace. Inside a value with no
     * whitespace before it (a password {@code pa#ss}) the character is kept, as IBM MQ does.
     */
    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c == '#' || c == ';') && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    public String fileName() {
        return fileName;
    }

    /** Every {@code Key=Value} line, in file order. */
    public List<IniEntry> entries() {
        return entries;
    }
}
