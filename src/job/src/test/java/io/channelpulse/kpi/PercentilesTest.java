package io.channelpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles: the smallest value with at least p% of the values at or below it. */
class PercentilesTest {

    /** 1, 2, ..., n: the value at rank r is r, so a result reads directly as its rank. */
    private static List<Long> oneTo(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void emptyListHasNoPercentile() {
        assertThat(Percentiles.nearestRank(List.of(), 50)).isNull();
        assertThat(Percentiles.nearestRank(List.of(), 95)).isNull();
    }

    @Test
    void singleValueIsEveryPercentile() {
        assertThat(Percentiles.nearestRank(List.of(42L), 50)).isEqualTo(42L);
        assertThat(Percentiles.nearestRank(List.of(42L), 95)).isEqualTo(42L);
    }

    @Test
    void twoValuesMedianIsTheLowerAndP95TheUpper() {
        // p50: ceil(0.5 * 2) = rank 1; p95: ceil(0.95 * 2) = rank 2
        assertThat(Percentiles.nearestRank(List.of(10L, 20L), 50)).isEqualTo(10L);
        assertThat(Percentiles.nearestRank(List.of(10L, 20L), 95)).isEqualTo(20L);
    }

    @Test
    void tenValuesUseRanksFiveAndTen() {
        // p50: ceil(5.0) = 5; p95: ceil(9.5) = 10
        assertThat(Percentiles.nearestRank(oneTo(10), 50)).isEqualTo(5L);
        assertThat(Percentiles.nearestRank(oneTo(10), 95)).isEqualTo(10L);
    }

    @Test
    void twentyValuesP95IsExactlyRankNineteenNotTwenty() {
        // 0.95 * 20 = 19 exactly: the 19th value already has 95% at or below it.
        assertThat(Percentiles.nearestRank(oneTo(20), 50)).isEqualTo(10L);
        assertThat(Percentiles.nearestRank(oneTo(20), 95)).isEqualTo(19L);
    }

    @Test
    void hundredValuesUseRanksFiftyAndNinetyFive() {
        assertThat(Percentiles.nearestRank(oneTo(100), 50)).isEqualTo(50L);
        assertThat(Percentiles.nearestRank(oneTo(100), 95)).isEqualTo(95L);
    }

    @Test
    void percentileIsAnElementOfTheInputNotAnInterpolation() {
        List<Long> responseSeconds = List.of(60L, 120L, 3_600L, 86_400L);
        // p50: ceil(2.0) = rank 2; an interpolating implementation would give 1860
        assertThat(Percentiles.nearestRank(responseSeconds, 50)).isEqualTo(120L);
        assertThat(Percentiles.nearestRank(responseSeconds, 95)).isEqualTo(86_400L);
    }

    @Test
    void hundredPercentIsTheMaximum() {
        assertThat(Percentiles.nearestRank(oneTo(7), 100)).isEqualTo(7L);
    }

    @org.junit.jupiter.api.Test
    void rankIsComputedWithoutFloatingPointError() {
        java.util.List<Long> oneToHundred = java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList();
        org.assertj.core.api.Assertions.assertThat(Percentiles.nearestRank(oneToHundred, 7)).isEqualTo(7L);
        org.assertj.core.api.Assertions.assertThat(Percentiles.nearestRank(oneToHundred, 95)).isEqualTo(95L);
    }
}
