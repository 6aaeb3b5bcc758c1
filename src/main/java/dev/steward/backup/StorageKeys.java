package dev.steward.backup;

/**
 * The rules every storage applies to object keys, so that a key valid for a local directory is valid in a bucket and
 * the other way round: relative, {@code /}-separated, no empty, {@code .} or {@code ..} segment, and no segment
 * starting with a dot (those names are reserved for the partial files of unfinished writes).
 */
final class StorageKeys {

    private StorageKeys() {}

    /** Returns the key when it is valid, else throws naming the key and the rule it breaks. */
    static String check(String key) {
        if (key.isEmpty()) {
            throw invalid(key, "it is empty");
        }
        if (key.startsWith("/")) {
            throw invalid(key, "it is absolute; keys are relative to the storage's directory or prefix");
        }
        if (key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
            throw invalid(key, "it contains a backslash or NUL; separate levels with '/'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(key, "it has an empty level ('//' or a trailing '/')");
            }
            if (segment.equals("..") || segment.equals(".")) {
                throw invalid(key, "it contains '" + segment + "', which could leave the storage's directory");
            }
            if (segment.startsWith(".")) {
                throw invalid(key, "a level starts with '.', which is reserved for partial files of unfinished writes");
            }
        }
        return key;
    }

    /**
     * Checks a listing prefix: empty, or the start of a valid key (it may end with {@code /}, and its last level may
     * be incomplete).
     */
    static String checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (body.isEmpty()) {
            throw invalid(prefix, "a listing prefix cannot be '/' alone; use an empty prefix to list everything");
        }
        check(body);
        return prefix;
    }

    private static IllegalArgumentException invalid(String key, String why) {
        return new IllegalArgumentException("backup object key '" + key + "' is not valid: " + why);
    }
}
