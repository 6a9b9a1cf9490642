package org.imsemu.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

/**
 * The order in which to try SRV targets (RFC 2782, "Usage rules"): lowest priority first; within a
 * priority, repeatedly pick at random with probability proportional to weight, zero-weight records
 * placed first so they keep a small chance. A lone target "." means the service is not offered there,
 * so such records are dropped.
 */
final class SrvSelector {
    private SrvSelector() {
    }

    static List<SRVRecord> order(List<SRVRecord> records, Random random) {
        TreeMap<Integer, List<SRVRecord>> byPriority = new TreeMap<>();
        for (SRVRecord r : records) {
            if (r.getTarget().equals(Name.root)) continue;
            byPriority.computeIfAbsent(r.getPriority(), p -> new ArrayList<>()).add(r);
        }
        List<SRVRecord> out = new ArrayList<>(records.size());
        for (List<SRVRecord> group : byPriority.values()) {
            LinkedList<SRVRecord> remaining = new LinkedList<>(group);
            remaining.sort(Comparator.comparingInt(r -> r.getWeight() == 0 ? 0 : 1)); // stable: zero weights first
            while (!remaining.isEmpty()) {
                int total = 0;
                for (SRVRecord r : remaining) total += r.getWeight();
                int pick = random.nextInt(total + 1); // 0..total inclusive, as RFC 2782 says
                int running = 0;
                var it = remaining.iterator();
                while (it.hasNext()) {
                    SRVRecord r = it.next();
                    running += r.getWeight();
                    if (running >= pick) {
                        out.add(r);
                        it.remove();
                        break;
                    }
                }
            }
        }
        return out;
    }
}
