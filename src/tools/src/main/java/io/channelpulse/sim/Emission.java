package io.channelpulse.sim;

/** One line the simulator sends to a stream, at a simulated wall-clock time {@code emitAt}. */
public record Emission(long emitAt, long seq, String stream, String payload) implements Comparable<Emission> {

    @Override
    public int compareTo(Emission o) {
        int byTime = Long.compare(emitAt, o.emitAt);
        return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
}
