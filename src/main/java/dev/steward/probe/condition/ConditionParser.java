package dev.steward.probe.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the text of a condition into its two sides and operator, or says (with a column) why it is not a condition.
 *
 * <p>The reading is Gatus's: the operator is the first of ==, !=, &lt;=, &gt;=, &gt;, &lt; found with a space on each
 * side; each side is trimmed; a side is a placeholder ({@code [STATUS]}, {@code [BODY].data[0].id}), a function
 * ({@code len()}, {@code has()}, {@code pat()}, {@code any()}) or plain text, which may contain spaces. Steward refuses
 * what Gatus would silently evaluate to a constant: no operator, an empty side, an unterminated placeholder or path,
 * an unknown or unclosed function, pat()/any() with a numeric operator, a second use of the operator.
 */
final class ConditionParser {

    static final String OPERATOR_CHARACTERS = "=!<>";
    static final String FUNCTIONS = "len(), has(), pat() and any()";

    /** The placeholders Gatus knows, which it also reads in lower case. */
    private static final Set<String> GATUS_PLACEHOLDERS = Set.of(
            "STATUS",
            "IP",
            "RESPONSE_TIME",
            "BODY",
            "CONNECTED",
            "CERTIFICATE_EXPIRATION",
            "DOMAIN_EXPIRATION",
            "DNS_RCODE",
            "CONTEXT");

    /** The parsed condition. */
    record Parsed(Operand left, Operator operator, Operand right) {}

    private final String text;

    private ConditionParser(String text) {
        this.text = text;
    }

    static Parsed parse(String text) throws ConditionSyntaxException {
        return new ConditionParser(text).parse();
    }

    private Parsed parse() throws ConditionSyntaxException {
        if (text.isBlank()) {
            throw new ConditionSyntaxException(
                    1, "the condition is empty; write two values and an operator, e.g. [STATUS] == 200");
        }
        Operator operator = null;
        int at = -1;
        for (Operator candidate : Operator.values()) {
            at = text.indexOf(' ' + candidate.symbol() + ' ');
            if (at >= 0) {
                operator = candidate;
                break;
            }
        }
        if (operator == null) {
            throw missingOperator();
        }
        String spaced = ' ' + operator.symbol() + ' ';
        int again = text.indexOf(spaced, at + operator.symbol().length() + 1);
        if (again >= 0) {
            throw new ConditionSyntaxException(
                    again + 2,
                    "a condition has one operator, but " + operator.symbol() + " appears again here; compare two"
                            + " values, e.g. [STATUS] == 200");
        }
        int rightStart = at + spaced.length();
        String leftText = text.substring(0, at);
        String rightText = text.substring(rightStart);
        if (leftText.isBlank()) {
            throw new ConditionSyntaxException(
                    1,
                    "nothing before " + operator.symbol() + "; a condition compares two values, e.g. [STATUS] "
                            + operator.symbol() + " 200");
        }
        if (rightText.isBlank()) {
            throw new ConditionSyntaxException(
                    rightStart + 1,
                    "nothing after " + operator.symbol() + "; expected a value, e.g. " + leftText.strip() + " "
                            + operator.symbol() + " 200");
        }
        Operand left = operand(leftText, 0, operator);
        Operand right = operand(rightText, rightStart, operator);
        boolean leftMatcher = left instanceof Operand.Pattern || left instanceof Operand.AnyOf;
        boolean rightMatcher = right instanceof Operand.Pattern || right instanceof Operand.AnyOf;
        if (!operator.isEquality()) {
            if (leftMatcher || rightMatcher) {
                Operand matcher = leftMatcher ? left : right;
                throw new ConditionSyntaxException(
                        matcher.column(),
                        functionName(matcher) + " works only with == and !=; " + operator.symbol()
                                + " compares numbers, e.g. [STATUS] < 300");
            }
        } else if (leftMatcher && rightMatcher) {
            throw new ConditionSyntaxException(
                    right.column(),
                    "only one side of a condition can be pat() or any(); the other side is the value to check, e.g."
                            + " [STATUS] == any(200, 204)");
        }
        return new Parsed(left, operator, right);
    }

    private static String functionName(Operand operand) {
        return operand instanceof Operand.Pattern ? "pat()" : "any()";
    }

    /** One side; {@code offset} is the 0-based index of {@code raw} in the condition. */
    private Operand operand(String raw, int offset, Operator operator) throws ConditionSyntaxException {
        int leading = 0;
        while (leading < raw.length() && Character.isWhitespace(raw.charAt(leading))) {
            leading++;
        }
        String side = raw.strip();
        int column = offset + leading + 1;
        if (side.startsWith("pat(") || side.startsWith("any(")) {
            String name = side.substring(0, 3);
            if (!side.endsWith(")")) {
                throw new ConditionSyntaxException(
                        column + side.length(), name + "( is not closed; expected ) at the end of " + side);
            }
            String inside = side.substring(4, side.length() - 1);
            if (name.equals("pat")) {
                return new Operand.Pattern(side, column, Glob.compile(inside, column + 4));
            }
            List<String> options = new ArrayList<>();
            for (String option : inside.split(",", -1)) {
                options.add(option.strip());
            }
            return new Operand.AnyOf(side, column, List.copyOf(options));
        }
        if (side.startsWith("len(") || side.startsWith("has(")) {
            String name = side.substring(0, 3);
            if (!side.endsWith(")")) {
                throw new ConditionSyntaxException(
                        column + side.length(),
                        name + "( is not closed; expected ) after " + side.substring(4) + ", e.g. " + name
                                + "([BODY].items)");
            }
            String inside = side.substring(4, side.length() - 1);
            int innerLeading = inside.length() - inside.stripLeading().length();
            String placeholder = inside.strip();
            int innerColumn = column + 4 + innerLeading;
            if (!startsPlaceholder(placeholder)) {
                throw new ConditionSyntaxException(
                        innerColumn,
                        name + "() takes a placeholder, e.g. " + name + "([BODY].items); got "
                                + (placeholder.isEmpty() ? "nothing" : placeholder));
            }
            Operand.Function function = name.equals("len") ? Operand.Function.LEN : Operand.Function.HAS;
            return placeholder(side, column, placeholder, innerColumn, function, operator);
        }
        int identifier = 0;
        while (identifier < side.length() && isIdentifierCharacter(side.charAt(identifier))) {
            identifier++;
        }
        if (identifier > 0
                && identifier < side.length()
                && side.charAt(identifier) == '('
                && side.endsWith(")")
                && Character.isLetter(side.charAt(0))) {
            throw new ConditionSyntaxException(
                    column, "unknown function " + side.substring(0, identifier) + "(); the functions are " + FUNCTIONS);
        }
        if (startsPlaceholder(side)) {
            return placeholder(side, column, side, column, Operand.Function.VALUE, operator);
        }
        return Operand.Literal.of(side, column);
    }

    /**
     * Whether a side starts with a placeholder: {@code [} and an upper-case name ({@code [STATUS]}, {@code [ROWS]}), or
     * one of Gatus's names in any case ({@code [body]}). Other text in brackets, such as {@code []} or
     * {@code [hello world]}, is plain text, as in Gatus.
     */
    private static boolean startsPlaceholder(String side) {
        if (side.length() < 2 || side.charAt(0) != '[') {
            return false;
        }
        if (isUpperNameCharacter(side.charAt(1))) {
            return true;
        }
        int end = 1;
        while (end < side.length() && isNameCharacter(side.charAt(end))) {
            end++;
        }
        return end < side.length()
                && side.charAt(end) == ']'
                && GATUS_PLACEHOLDERS.contains(side.substring(1, end).toUpperCase(Locale.ROOT));
    }

    private Operand placeholder(
            String side,
            int column,
            String placeholder,
            int placeholderColumn,
            Operand.Function function,
            Operator operator)
            throws ConditionSyntaxException {
        int end = 1;
        while (end < placeholder.length() && isNameCharacter(placeholder.charAt(end))) {
            end++;
        }
        if (end >= placeholder.length() || placeholder.charAt(end) != ']') {
            throw new ConditionSyntaxException(
                    placeholderColumn + end,
                    "the placeholder " + placeholder.substring(0, end) + " is not closed; expected ] after its name"
                            + " (names are letters and _, e.g. [STATUS] or [RESPONSE_TIME])");
        }
        String name = placeholder.substring(1, end).toUpperCase(Locale.ROOT);
        String pathText = placeholder.substring(end + 1);
        for (Operator other : Operator.values()) {
            int inPath = pathText.indexOf(' ' + other.symbol() + ' ');
            if (inPath >= 0) {
                throw new ConditionSyntaxException(
                        placeholderColumn + end + 1 + inPath + 1,
                        "a condition has one operator, but " + other.symbol() + " appears here as well as "
                                + operator.symbol() + "; compare two values, e.g. [STATUS] == 200");
            }
        }
        JsonPath path = pathText.isEmpty()
                ? JsonPath.none()
                : JsonPath.parse(pathText, placeholderColumn + end + 1, placeholder.substring(0, end + 1));
        return new Operand.Placeholder(side, column, name, path, function);
    }

    private static boolean isUpperNameCharacter(char c) {
        return c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isNameCharacter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
    }

    private static boolean isIdentifierCharacter(char c) {
        return isNameCharacter(c) || c >= '0' && c <= '9';
    }

    /** Explains a condition without an operator (with spaces around it), pointing at where one was expected. */
    private ConditionSyntaxException missingOperator() {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        int end = endOfFirstSide(start);
        String first = text.substring(start, end);
        int next = end;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        String expected = "expected an operator (" + Operator.LIST + ") after " + first;
        if (next >= text.length()) {
            return new ConditionSyntaxException(text.length() + 1, expected);
        }
        int symbolEnd = next;
        while (symbolEnd < text.length() && OPERATOR_CHARACTERS.indexOf(text.charAt(symbolEnd)) >= 0) {
            symbolEnd++;
        }
        if (symbolEnd == next) {
            return new ConditionSyntaxException(next + 1, expected);
        }
        String symbol = text.substring(next, symbolEnd);
        Operator operator = Operator.bySymbol(symbol);
        if (operator == null) {
            return new ConditionSyntaxException(
                    next + 1,
                    symbol + " is not an operator; expected one of " + Operator.LIST + ", with a space on each side");
        }
        String rest = text.substring(symbolEnd).strip();
        if (rest.isEmpty()) {
            return new ConditionSyntaxException(
                    symbolEnd + 1, "expected a value after " + symbol + ", e.g. " + first + " " + symbol + " 200");
        }
        return new ConditionSyntaxException(
                next + 1, symbol + " needs a space on each side: " + first + " " + symbol + " " + rest);
    }

    /** Where the first side of a condition without an operator ends: after a placeholder and its path, a function
     * call, or the first word. */
    private int endOfFirstSide(int start) {
        int i = start;
        int n = text.length();
        int identifier = i;
        while (identifier < n && isIdentifierCharacter(text.charAt(identifier))) {
            identifier++;
        }
        if (identifier > i && identifier < n && text.charAt(identifier) == '(') {
            int depth = 0;
            for (int k = identifier; k < n; k++) {
                if (text.charAt(k) == '(') {
                    depth++;
                } else if (text.charAt(k) == ')' && --depth == 0) {
                    return k + 1;
                }
            }
            return n;
        }
        if (i < n && text.charAt(i) == '[') {
            int close = text.indexOf(']', i);
            i = close < 0 ? n : close + 1;
        }
        while (i < n && !Character.isWhitespace(text.charAt(i)) && OPERATOR_CHARACTERS.indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}
