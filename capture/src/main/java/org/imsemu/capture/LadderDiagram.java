package org.imsemu.capture;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A message sequence ("ladder") diagram for the terminal: one column per node, one arrow per message,
 * the label above the arrow, the time on the left. Pure text, so it can go to a log, a file or a test
 * assertion. Columns narrow as nodes are added so that the whole fits {@code maxWidth} characters
 * (eight nodes in 130); labels and names that do not fit are cut with an ellipsis.
 */
public final class LadderDiagram {
    public static final int DEFAULT_WIDTH = 130;
    private static final int MAX_COLUMN = 22;
    private static final int MIN_COLUMN = 10;
    private static final int TIME = 10;

    private record Arrow(int from, int to, List<String> labels, String time) {
    }

    private final List<String> nodes;
    private final int column;
    private final List<Arrow> arrows = new ArrayList<>();

    public LadderDiagram(List<String> nodes) {
        this(nodes, DEFAULT_WIDTH);
    }

    /** @param maxWidth the terminal width to fit, if the columns can be at least 10 characters wide */
    public LadderDiagram(List<String> nodes, int maxWidth) {
        if (nodes.isEmpty()) throw new IllegalArgumentException("a ladder needs at least one node");
        if (new LinkedHashSet<>(nodes).size() != nodes.size()) throw new IllegalArgumentException("duplicate node in " + nodes);
        this.nodes = List.copyOf(nodes);
        this.column = Math.max(MIN_COLUMN, Math.min(MAX_COLUMN, (maxWidth - TIME) / nodes.size()));
    }

    /**
     * A ladder of captured events: the columns are {@code columns} in that order, then any other node or
     * external peer (named by its address) in order of first appearance. Times are relative to the first
     * event. A message a node sends to itself has no arrow and is left out.
     */
    public static LadderDiagram of(List<CaptureEvent> events, List<String> columns, CaptureBus bus) {
        return of(events, columns, bus::nameOf, MessageLabels::choices, DEFAULT_WIDTH);
    }

    /**
     * @param names  the column name of an address that did not record the event (the peer)
     * @param labels label choices for an event, most informative first (see {@link MessageLabels#choices})
     */
    public static LadderDiagram of(List<CaptureEvent> events, List<String> columns, Function<InetSocketAddress, String> names,
                                   Function<CaptureEvent, List<String>> labels, int maxWidth) {
        Set<String> all = new LinkedHashSet<>(columns);
        List<String[]> ends = new ArrayList<>(events.size());
        for (CaptureEvent e : events) {
            String peer = Objects.requireNonNull(names.apply(e.remote()), "no name for " + e.remote());
            String[] fromTo = e.direction() == Direction.SENT ? new String[] {e.node(), peer} : new String[] {peer, e.node()};
            all.add(fromTo[0]);
            all.add(fromTo[1]);
            ends.add(fromTo);
        }
        LadderDiagram d = new LadderDiagram(new ArrayList<>(all), maxWidth);
        long t0 = events.isEmpty() ? 0 : events.get(0).timeNanos();
        for (int i = 0; i < events.size(); i++) {
            String[] fromTo = ends.get(i);
            if (fromTo[0].equals(fromTo[1])) continue;
            String time = String.format(Locale.ROOT, "%.3f s", (events.get(i).timeNanos() - t0) / 1e9);
            d.add(fromTo[0], fromTo[1], labels.apply(events.get(i)), time);
        }
        return d;
    }

    public void add(String from, String to, String label, String time) {
        add(from, to, List.of(label), time);
    }

    /** Adds an arrow whose label is the first of {@code labels} that fits, or the first one cut short. */
    public void add(String from, String to, List<String> labels, String time) {
        int f = nodes.indexOf(from);
        int t = nodes.indexOf(to);
        if (f < 0 || t < 0 || f == t) throw new IllegalArgumentException("no arrow from " + from + " to " + to + " in " + nodes);
        if (labels.isEmpty()) throw new IllegalArgumentException("an arrow needs a label");
        arrows.add(new Arrow(f, t, List.copyOf(labels), time));
    }

    public List<String> nodes() {
        return nodes;
    }

    public int size() {
        return arrows.size();
    }

    public String render() {
        int width = column * nodes.size();
        String indent = " ".repeat(TIME);
        StringBuilder sb = new StringBuilder();
        char[] header = blank(width);
        for (int i = 0; i < nodes.size(); i++) {
            String n = fit(nodes.get(i), column - 1);
            int start = Math.max(i * column, centre(i) - n.length() / 2);
            n.getChars(0, n.length(), header, start);
        }
        sb.append(indent).append(new String(header).stripTrailing()).append('\n');
        for (Arrow a : arrows) {
            int lo = Math.min(a.from, a.to);
            int hi = Math.max(a.from, a.to);
            char[] label = lifelines(width);
            String text = choose(a.labels, (hi - lo) * column - 3);
            text.getChars(0, text.length(), label, centre(lo) + 2);
            char[] arrow = lifelines(width);
            for (int x = centre(lo) + 1; x < centre(hi); x++) arrow[x] = '-';
            if (a.to > a.from) arrow[centre(hi) - 1] = '>';
            else arrow[centre(lo) + 1] = '<';
            sb.append(indent).append(new String(label).stripTrailing()).append('\n');
            sb.append(String.format("%-" + TIME + "s", a.time)).append(new String(arrow).stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    private static String choose(List<String> labels, int room) {
        for (String l : labels) {
            if (l.length() <= room) return l;
        }
        return fit(labels.get(0), room);
    }

    private static String fit(String s, int room) {
        if (s.length() <= room) return s;
        return room <= 1 ? s.substring(0, Math.max(0, room)) : s.substring(0, room - 1) + "…";
    }

    private int centre(int i) {
        return i * column + column / 2;
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
