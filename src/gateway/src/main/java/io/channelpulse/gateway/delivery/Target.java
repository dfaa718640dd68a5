package io.channelpulse.gateway.delivery;

import java.util.List;

/** Where notifications go: a signed generic webhook or a Prometheus Alertmanager. */
public record Target(String name, Kind kind, String url, List<String> secrets) {

    public enum Kind {
        WEBHOOK,
        ALERTMANAGER
    }
}
