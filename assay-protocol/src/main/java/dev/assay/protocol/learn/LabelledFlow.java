package dev.assay.protocol.learn;

import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.labels.NdpiResults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A flow with its protocol (a master name as nDPI spells it) and the capture file it came from. */
public record LabelledFlow(FlowSample flow, String label, String file) {
    public LabelledFlow {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(file, "file");
        if (label.isBlank()) throw new IllegalArgumentException("label must not be blank");
    }

    /**
     * The flows of a capture that nDPI's expected output labels with confidence ({@link NdpiFlow#trusted()}), each with
     * nDPI's master protocol, in the order the flow table gives them out; flows without such a label are left out.
     */
    public static List<LabelledFlow> fromNdpi(Path capture, Path expected, FlowLimits limits) throws IOException {
        Map<String, String> labels = new HashMap<>();
        for (NdpiFlow f : NdpiResults.trusted(NdpiResults.read(expected))) {
            try {
                labels.putIfAbsent(NdpiResults.matchKey(f.l4(), f.endpointA(), f.endpointB()), f.master());
            } catch (IllegalArgumentException badAddress) { // nDPI prints some IPv6 addresses wrongly: no flow can match them
            }
        }
        String file = capture.getFileName().toString();
        List<LabelledFlow> out = new ArrayList<>();
        if (labels.isEmpty()) return out;
        FlowTable.create(limits, f -> {
            String label = labels.remove(NdpiResults.matchKey(f.l4().name(), f.a(), f.b()));
            if (label != null) out.add(new LabelledFlow(f, label, file));
        }).read(capture);
        return out;
    }
}
