package io.channelpulse.economics;

import io.channelpulse.model.PartnerTier;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The plan's tier bands over one ranking: with N partners ranked by revenue (highest first), rank ≤
 * ceil(coreShare × N) is CORE, rank ≤ ceil(qualityShare × N) is QUALITY, the rest BASIC. Ranks are
 * competition ranks: partners with equal revenue share the best rank among them (1, 2, 2, 4), so
 * they share the better tier. Only partners with revenue above zero are ranked.
 */
public final class TierBands implements Serializable {

    /** One ranked partner. */
    public record Ranked(String partnerId, BigDecimal revenue, int rank, PartnerTier tier) {}

    private final BigDecimal coreShare;
    private final BigDecimal qualityShare;

    public TierBands(BigDecimal coreShare, BigDecimal qualityShare) {
        this.coreShare = coreShare;
        this.qualityShare = qualityShare;
    }

    /** The last rank of a band: ceil(share × n), exactly. */
    static int bandEnd(BigDecimal share, int n) {
        return share.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.CEILING).intValueExact();
    }

    /**
     * Ranks {@code revenues} (partnerId, revenue); those with revenue ≤ 0 are left out. The result
     * is ordered by rank, then partnerId.
     */
    public List<Ranked> rank(List<Revenue> revenues) {
        List<Revenue> positive = new ArrayList<>(revenues.stream().filter(r -> r.revenue().signum() > 0).toList());
        positive.sort(Comparator.comparing(Revenue::revenue).reversed().thenComparing(Revenue::partnerId));
        int n = positive.size();
        int coreEnd = bandEnd(coreShare, n);
        int qualityEnd = bandEnd(qualityShare, n);
        List<Ranked> ranked = new ArrayList<>(n);
        int rank = 0;
        for (int i = 0; i < n; i++) {
            Revenue r = positive.get(i);
            if (i == 0 || positive.get(i - 1).revenue().compareTo(r.revenue()) != 0) {
                rank = i + 1;
            }
            PartnerTier tier = rank <= coreEnd ? PartnerTier.CORE : rank <= qualityEnd ? PartnerTier.QUALITY : PartnerTier.BASIC;
            ranked.add(new Ranked(r.partnerId(), r.revenue(), rank, tier));
        }
        return ranked;
    }

    /** A partner's revenue over the ranking window. */
    public record Revenue(String partnerId, BigDecimal revenue) {}
}
