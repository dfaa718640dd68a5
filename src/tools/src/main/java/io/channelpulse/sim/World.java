package io.channelpulse.sim;

import io.channelpulse.model.ChannelType;
import io.channelpulse.model.PartnerTier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded retail channel world: channels of the four types, partners in tiers with authorized
 * regions, outlets inside those regions, and SKUs with guide prices. Partners are ranked by a
 * revenue weight; the top 20% are CORE, the next 30% QUALITY, the rest BASIC, as in the channel plan.
 */
public record World(List<Channel> channels, List<Partner> partners, List<Outlet> outlets, List<Sku> skus) {

    public static final List<String> REGIONS = List.of("R-EAST", "R-WEST", "R-NORTH", "R-SOUTH", "R-CENTRAL");
    private static final List<ChannelType> TYPES =
            List.of(ChannelType.ONLINE, ChannelType.DEALER, ChannelType.DIRECT_STORE, ChannelType.SUPERMARKET);

    public record Channel(String channelId, ChannelType type) {}

    public record Partner(String partnerId, Channel channel, List<String> regions, PartnerTier tier, String name, double weight) {}

    public record Outlet(String outletId, Partner partner, String regionId) {}

    public record Sku(String sku, BigDecimal guidePrice) {}

    public static World generate(SimulatorSettings settings, Random random) {
        List<Channel> channels = new ArrayList<>();
        for (ChannelType type : TYPES) {
            for (int i = 1; i <= settings.channelsPerType(); i++) {
                channels.add(new Channel("CH-" + type.name().replace("_", "") + "-" + i, type));
            }
        }
        List<Partner> partners = new ArrayList<>();
        int n = 0;
        for (Channel channel : channels) {
            for (int p = 1; p <= 2; p++) {
                n++;
                int first = random.nextInt(REGIONS.size());
                List<String> regions = channel.type() == ChannelType.ONLINE
                        ? List.of(REGIONS.get(first), REGIONS.get((first + 1) % REGIONS.size()))
                        : List.of(REGIONS.get(first));
                partners.add(new Partner("P-" + n, channel, regions, null, "Partner " + n, 0.2 + random.nextDouble()));
            }
        }
        partners = tiered(partners);
        List<Outlet> outlets = new ArrayList<>();
        for (Partner partner : partners) {
            for (int o = 1; o <= settings.outletsPerPartner(); o++) {
                outlets.add(new Outlet(partner.partnerId() + "-O" + o, partner, partner.regions().get(random.nextInt(partner.regions().size()))));
            }
        }
        List<Sku> skus = new ArrayList<>();
        for (int s = 1; s <= settings.skus(); s++) {
            skus.add(new Sku(String.format("SKU-%03d", s), BigDecimal.valueOf(1990 + random.nextInt(50) * 1000L, 2)));
        }
        return new World(List.copyOf(channels), List.copyOf(partners), List.copyOf(outlets), List.copyOf(skus));
    }

    /**
     * This world with other revenue weights (partnerId → weight) and the tiers they give: an
     * economics history plans each partner's revenue, and its master-data tiers must match it.
     */
    public World withRevenueWeights(java.util.Map<String, ? extends Number> weights) {
        List<Partner> reweighted = new ArrayList<>();
        for (Partner p : partners) {
            Number weight = weights.get(p.partnerId());
            if (weight == null) {
                throw new IllegalArgumentException("no revenue weight for partner " + p.partnerId());
            }
            reweighted.add(new Partner(p.partnerId(), p.channel(), p.regions(), p.tier(), p.name(), weight.doubleValue()));
        }
        List<Partner> tiered = tiered(reweighted);
        List<Outlet> moved = new ArrayList<>();
        for (Outlet o : outlets) {
            Partner owner = tiered.stream().filter(p -> p.partnerId().equals(o.partner().partnerId())).findFirst().orElseThrow();
            moved.add(new Outlet(o.outletId(), owner, o.regionId()));
        }
        return new World(channels, List.copyOf(tiered), List.copyOf(moved), skus);
    }

    private static List<Partner> tiered(List<Partner> partners) {
        List<Partner> ranked = new ArrayList<>(partners);
        ranked.sort((a, b) -> Double.compare(b.weight(), a.weight()));
        List<Partner> out = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            double rank = (double) i / ranked.size();
            PartnerTier tier = rank < 0.2 ? PartnerTier.CORE : rank < 0.5 ? PartnerTier.QUALITY : PartnerTier.BASIC;
            Partner p = ranked.get(i);
            out.add(new Partner(p.partnerId(), p.channel(), p.regions(), tier, p.name(), p.weight()));
        }
        out.sort((a, b) -> a.partnerId().compareTo(b.partnerId()));
        return out;
    }
}
