package io.began.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics a Grafana dashboard (deploy/observability/grafana/began.json) queries, and those a service's
 * {@code /q/metrics} exports: what ChaosTest compares, so a panel never charts a series no service has (a renamed
 * meter, a timer's {@code _count} written {@code _total}, a made-up name).
 */
final class DashboardMetrics {

    /**
     * A metric name in PromQL: the began series and the request histograms' series. Function names ({@code rate},
     * {@code histogram_quantile}), label names and values ({@code run=~"$run"}), ranges and Grafana's variables are
     * none of these.
     */
    private static final Pattern METRIC =
            Pattern.compile("(?<![A-Za-z0-9_:])(began_[a-z_]+|http_server_requests_seconds_[a-z]+)(?![A-Za-z0-9_:])");

    private DashboardMetrics() {}

    /** Every PromQL expression of the dashboard: each target's expr, in panels and in rows' panels, by panel title. */
    static Map<String, List<String>> expressions(JsonNode dashboard) {
        Map<String, List<String>> byPanel = new TreeMap<>();
        collect(dashboard.path("panels"), byPanel);
        return byPanel;
    }

    private static void collect(JsonNode panels, Map<String, List<String>> byPanel) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    byPanel.computeIfAbsent(panel.path("title").asText(), t -> new ArrayList<>())
                            .add(target.get("expr").asText());
                }
            }
            collect(panel.path("panels"), byPanel); // a collapsed row holds its panels
        }
    }

    /** The query of each query variable (label_values(metric, label) and the like), by variable name. */
    static Map<String, String> variableQueries(JsonNode dashboard) {
        Map<String, String> queries = new TreeMap<>();
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                queries.put(
                        variable.path("name").asText(),
                        query.isTextual() ? query.asText() : query.path("query").asText());
            }
        }
        return queries;
    }

    /** The metric names a PromQL expression reads. */
    static Set<String> metrics(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expression);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The metric names of samples in a Prometheus text (or OpenMetrics) exposition; comments are not samples. */
    static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }
}
