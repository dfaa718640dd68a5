package io.channelpulse.observability;

import io.channelpulse.support.ProjectFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dashboards that provision from files and render: unique uids, resolvable datasources, current panel types. */
class DashboardStructureTest {

    static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "table", "row");

    static String provisionedDatasourceUid() throws Exception {
        JsonNode ds = new YAMLMapper().readTree(ProjectFiles.path("deploy/grafana/provisioning/datasources/prometheus.yaml").toFile());
        return ds.path("datasources").get(0).path("uid").asText();
    }

    @Test
    void thereAreTheThreeDashboardsWithUniqueUids() throws Exception {
        List<Dashboards.Dashboard> all = Dashboards.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(3);
        Set<String> uids = new HashSet<>();
        for (Dashboards.Dashboard d : all) {
            assertThat(d.uid()).as(d.file() + " uid").isNotBlank();
            assertThat(uids.add(d.uid())).as("duplicate uid " + d.uid()).isTrue();
            assertThat(d.json().path("schemaVersion").asInt()).as(d.file() + " schemaVersion").isGreaterThanOrEqualTo(36);
        }
    }

    @Test
    void everyDatasourceReferenceResolvesToTheProvisionedUid() throws Exception {
        String uid = provisionedDatasourceUid();
        for (Dashboards.Dashboard d : Dashboards.all()) {
            assertThat(d.json().toString()).as(d.file() + " must not use an import placeholder").doesNotContain("${DS_");
            for (JsonNode panel : Dashboards.panels(d)) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asText()).as(d.file() + " / " + panel.path("title")).isEqualTo(uid);
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText(uid)).as(d.file() + " / " + panel.path("title") + " target").isEqualTo(uid);
                }
            }
            for (JsonNode variable : d.json().path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    assertThat(variable.path("datasource").path("uid").asText()).as(d.file() + " variable " + variable.path("name")).isEqualTo(uid);
                }
            }
        }
    }

    @Test
    void panelsAreCurrentTypesWithUnitsAndDescriptions() throws Exception {
        for (Dashboards.Dashboard d : Dashboards.all()) {
            for (JsonNode panel : Dashboards.panels(d)) {
                String where = d.file().getFileName() + " / " + panel.path("title").asText();
                assertThat(PANEL_TYPES).as(where + " type").contains(panel.path("type").asText());
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(where + " unit").isNotBlank();
                assertThat(panel.path("description").asText()).as(where + " description").hasSizeGreaterThan(20);
                assertThat(panel.path("targets")).as(where + " targets").isNotEmpty();
            }
        }
    }

    @Test
    void channelKpisDashboardHasChannelAndChannelTypeVariables() throws Exception {
        Dashboards.Dashboard kpis = Dashboards.all().stream().filter(d -> d.uid().equals("channel-pulse-kpis")).findFirst().orElseThrow();
        assertThat(kpis.json().path("templating").path("list")).extracting(v -> v.path("name").asText())
                .contains("channel", "channel_type");
    }
}
