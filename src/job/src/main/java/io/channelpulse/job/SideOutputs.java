package io.channelpulse.job;

import io.channelpulse.model.DeadLetter;
import org.apache.flink.util.OutputTag;

/** Side outputs shared by the whole job graph, gathered in one place. */
public final class SideOutputs {

    /** Bad and late records, on their way to the {@code dead-letters} output. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

    private SideOutputs() {}
}
