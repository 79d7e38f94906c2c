package dev.assay.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Numbers one model's responses in input order (file, then line) and puts the k-th (from 0) in count window
 * {@code k / size}. Keyed by model: the model's lines are kept in keyed state until its input ends (in batch mode,
 * when the next model starts), then sorted and emitted, so the windows do not depend on which reader read what.
 */
final class AssignCountWindows extends KeyedProcessFunction<String, DriftLine, DriftLine> {
    private final long size;
    private transient ListState<DriftLine> lines;

    AssignCountWindows(long size) {
        this.size = size;
    }

    @Override
    public void open(OpenContext context) {
        lines = getRuntimeContext().getListState(new ListStateDescriptor<>("lines", TypeInformation.of(DriftLine.class)));
    }

    @Override
    public void processElement(DriftLine line, Context ctx, Collector<DriftLine> out) throws Exception {
        lines.add(line);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftLine> out) throws Exception {
        List<DriftLine> all = new ArrayList<>();
        lines.get().forEach(all::add);
        all.sort(DriftJob.INPUT_ORDER);
        for (int k = 0; k < all.size(); k++) out.collect(all.get(k).inWindow(k / size));
        lines.clear();
    }
}
