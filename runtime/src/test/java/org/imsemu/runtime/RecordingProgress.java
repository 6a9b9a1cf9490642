package org.imsemu.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what {@link Demo} reports, for assertions and for failure messages. */
final class RecordingProgress implements Demo.Progress {
    final List<String> lines = new CopyOnWriteArrayList<>();
    volatile Topology topology;

    @Override
    public void topology(Topology t, List<String> notices) {
        topology = t;
        notices.forEach(n -> lines.add("notice: " + n));
    }

    @Override
    public void step(String text) {
        lines.add(text);
    }

    @Override
    public void flow(FlowRecorder.FlowResult r) {
        lines.add(r.title() + ": " + r.verdict().summary() + "\n" + r.ladder());
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
