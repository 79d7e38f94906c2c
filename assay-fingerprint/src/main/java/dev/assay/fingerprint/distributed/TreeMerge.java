package dev.assay.fingerprint.distributed;

import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Hierarchical merge: the leaves in order are grouped {@code fanIn} at a time into the nodes of the next level
 * (the last group may be smaller), each node the merge of its group, until one root remains. Nodes of one level
 * merge in parallel. Since merge is exact, associative and commutative, the root is the signature of all the
 * leaves' responses whatever the fan-in. Depth ceil(log_fanIn(leaves)); leaves - 1 merges in all.
 */
final class TreeMerge {
    private TreeMerge() {}

    static HierarchicalResult merge(List<Signature> leaves, int fanIn, ExecutorService executor) {
        List<Signature> level = List.copyOf(leaves);
        int depth = 0;
        while (level.size() > 1) {
            List<Callable<Signature>> nodes = new ArrayList<>();
            for (int from = 0; from < level.size(); from += fanIn) {
                List<Signature> group = level.subList(from, Math.min(level.size(), from + fanIn));
                nodes.add(() -> DistributedSignatures.reduce(group));
            }
            level = Nodes.run(executor, nodes);
            depth++;
        }
        return new HierarchicalResult(level.get(0), leaves.size(), fanIn, depth);
    }
}
