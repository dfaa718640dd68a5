package io.channelpulse.economics;

import io.channelpulse.model.PartnerTier;

/**
 * A partner's published tier and the change it is waiting to make. The published tier moves only
 * when the same new tier has been computed at {@code hysteresisMonths} consecutive closes; a close
 * that computes the published tier again, or another tier, starts the count over.
 *
 * @param published the tier in force
 * @param pending a computed tier that differs from it, or null
 * @param count consecutive closes {@code pending} has been computed
 */
public record TierHysteresis(PartnerTier published, PartnerTier pending, int count) {

    /** A partner's first publication: the master data's tier when it has one, else the first computed. */
    public static TierHysteresis first(PartnerTier masterTier, PartnerTier computed) {
        return new TierHysteresis(masterTier != null ? masterTier : computed, null, 0);
    }

    /** The state after a close that computed {@code computed}. */
    public TierHysteresis step(PartnerTier computed, int hysteresisMonths) {
        if (computed == published) {
            return new TierHysteresis(published, null, 0);
        }
        int n = computed == pending ? count + 1 : 1;
        return n >= hysteresisMonths ? new TierHysteresis(computed, null, 0) : new TierHysteresis(published, computed, n);
    }
}
