package io.channelpulse.kpi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Running totals of one channel window. Response times are kept individually so the percentiles
 * are exact; a window holds one entry per answered order.
 */
public class KpiAccumulator {
    public long transactions;
    public long unitsSold;
    public BigDecimal revenue = BigDecimal.ZERO;
    public long priceChecks;
    public long belowGuide;
    public long uncheckedPrices;
    public long ordersCreated;
    public long ordersAnswered;
    public List<Long> responseSeconds = new ArrayList<>();
    public long slaBreaches;
    public long stockOutSnapshots;
    public long divertedSightings;

    public KpiAccumulator() {}

    void add(KpiContribution c) {
        transactions += c.transactions();
        unitsSold += c.unitsSold();
        revenue = revenue.add(c.revenue());
        priceChecks += c.priceChecks();
        belowGuide += c.belowGuide();
        uncheckedPrices += c.uncheckedPrices();
        ordersCreated += c.ordersCreated();
        ordersAnswered += c.ordersAnswered();
        if (c.responseSeconds() != null) {
            responseSeconds.add(c.responseSeconds());
        }
        slaBreaches += c.slaBreaches();
        stockOutSnapshots += c.stockOutSnapshots();
        divertedSightings += c.divertedSightings();
    }

    void merge(KpiAccumulator o) {
        transactions += o.transactions;
        unitsSold += o.unitsSold;
        revenue = revenue.add(o.revenue);
        priceChecks += o.priceChecks;
        belowGuide += o.belowGuide;
        uncheckedPrices += o.uncheckedPrices;
        ordersCreated += o.ordersCreated;
        ordersAnswered += o.ordersAnswered;
        responseSeconds.addAll(o.responseSeconds);
        slaBreaches += o.slaBreaches;
        stockOutSnapshots += o.stockOutSnapshots;
        divertedSightings += o.divertedSightings;
    }
}
