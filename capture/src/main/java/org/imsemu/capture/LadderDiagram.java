package org.imsemu.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A message sequence ("ladder") diagram for the terminal: one column per node, one arrow per message,
 * the label above the arrow. Pure text, so it can go to a log, a file or a test assertion.
 */
public final class LadderDiagram {
    private static final int COLUMN = 22;

    private record Arrow(int from, int to, String label, String time) {
    }

    private final List<String> nodes;
    private final List<Arrow> arrows = new ArrayList<>();

    public LadderDiagram(List<String> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public void add(String from, String to, String label, String time) {
        int f = nodes.indexOf(from);
        int t = nodes.indexOf(to);
        if (f < 0 || t < 0 || f == t) throw new IllegalArgumentException("no arrow from " + from + " to " + to);
        arrows.add(new Arrow(f, t, label, time));
    }

    public int size() {
        return arrows.size();
    }

    public String render() {
        int width = COLUMN * nodes.size();
        StringBuilder sb = new StringBuilder();
        char[] header = blank(width);
        for (int i = 0; i < nodes.size(); i++) {
            String n = nodes.get(i);
            int start = Math.max(0, centre(i) - n.length() / 2);
            n.getChars(0, Math.min(n.length(), width - start), header, start);
        }
        sb.append("            ").append(new String(header).stripTrailing()).append('\n');
        for (Arrow a : arrows) {
            int lo = Math.min(a.from, a.to);
            int hi = Math.max(a.from, a.to);
            char[] label = lifelines(width);
            String text = a.label.length() > (hi - lo) * COLUMN - 3 ? a.label.substring(0, (hi - lo) * COLUMN - 4) + "…" : a.label;
            text.getChars(0, text.length(), label, centre(lo) + 2);
            char[] arrow = lifelines(width);
            for (int x = centre(lo) + 1; x < centre(hi); x++) arrow[x] = '-';
            if (a.to > a.from) arrow[centre(hi) - 1] = '>';
            else arrow[centre(lo) + 1] = '<';
            sb.append("            ").append(new String(label).stripTrailing()).append('\n');
            sb.append(String.format("%-12s", a.time)).append(new String(arrow).stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static int centre(int column) {
        return column * COLUMN + COLUMN / 2;
    }

    private char[] lifelines(int width) {
        char[] c = blank(width);
        for (int i = 0; i < nodes.size(); i++) c[centre(i)] = '|';
        return c;
    }

    private static char[] blank(int width) {
        char[] c = new char[width];
        Arrays.fill(c, ' ');
        return c;
    }
}
