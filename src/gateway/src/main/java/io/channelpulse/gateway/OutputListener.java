package io.channelpulse.gateway;

import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;

/** Receives the job's committed output as the gateway reads it. */
public interface OutputListener {
    void onKpi(ChannelKpi kpi);

    void onAlert(Alert alert);
}
