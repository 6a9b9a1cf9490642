package org.imsemu.scenario;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file's text, to turn the parser's positions (just after a start tag) into the position of the
 * tag's '<', which is where a reader looks. Lines end at LF, CR LF or CR, as for the XML parser.
 */
final class SourceText {
    private static final Pattern ENCODING = Pattern.compile("^<\\?xml[^>]*encoding=[\"']([A-Za-z0-9._\\-]+)[\"']");

    private final String text;
    private final int[] lineStarts;

    SourceText(byte[] bytes) {
        String decoded = new String(bytes, charsetOf(bytes));
        this.text = decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded;
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    private static Charset charsetOf(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        Matcher m = ENCODING.matcher(head);
        if (m.find()) {
            try {
                return Charset.forName(m.group(1));
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8; // the parser reports an unknown encoding itself
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Character offset of a parser position (1-based line and column), or -1 when outside the text. */
    int offset(int line, int column) {
        if (line < 1 || line > lineStarts.length || column < 1) {
            return -1;
        }
        int offset = lineStarts[line - 1] + column - 1;
        return offset <= text.length() ? offset : -1;
    }

    /** 1-based {line, column} of an offset. */
    int[] position(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        int line = index >= 0 ? index : -index - 2;
        return new int[] {line + 1, offset - lineStarts[line] + 1};
    }

    /**
     * For a position just after a tag ("<node .../>" or "</node>"), the position of its '<';
     * other positions are returned unchanged. '<' cannot occur inside a tag, so the first one back is it.
     */
    int[] tagStart(int line, int column) {
        int offset = offset(line, column);
        if (offset <= 0 || text.charAt(offset - 1) != '>') {
            return new int[] {line, column};
        }
        int lt = text.lastIndexOf('<', offset - 1);
        return lt < 0 ? new int[] {line, column} : position(lt);
    }

    /** Position of the first character from {@code offset} on that is neither white space nor inside a comment. */
    int[] textStart(int offset) {
        int i = Math.max(0, offset);
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
            } else if (text.startsWith("<!--", i)) {
                int end = text.indexOf("-->", i + 4);
                i = end < 0 ? text.length() : end + 3;
            } else {
                break;
            }
        }
        return position(Math.min(i, text.length()));
    }
}
