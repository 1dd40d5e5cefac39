package io.dealsign.observe;

import io.dealsign.testing.RunningService;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** One scrape of {@code /observe/metrics}: every sample of the Prometheus text, by name and labels. */
final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Double> samples = new LinkedHashMap<>();
    final String text;

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.trim());
            assertThat(sample.matches()).as("a Prometheus sample line: %s", line).isTrue();
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.put(key(sample.group(1), labels), Double.parseDouble(sample.group(4)));
        }
    }

    static Scrape of(RunningService service) {
        HttpResponse<String> answer = service.get("/observe/metrics");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return new Scrape(answer.body());
    }

    /** The sample's value; 0 when it is absent (a counter not incremented yet). */
    double value(String name, String... labelPairs) {
        return samples.getOrDefault(key(name, labels(labelPairs)), 0.0);
    }

    boolean has(String name, String... labelPairs) {
        return samples.containsKey(key(name, labels(labelPairs)));
    }

    /** The change of a sample from an earlier scrape to this one. */
    double since(Scrape before, String name, String... labelPairs) {
        return value(name, labelPairs) - before.value(name, labelPairs);
    }

    /** The sum over every sample of this name whose labels include the pairs given. */
    double sum(String name, String... labelPairs) {
        Map<String, String> wanted = labels(labelPairs);
        return samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "{") || e.getKey().equals(name + "{}"))
                .filter(e -> wanted.entrySet().stream().allMatch(w -> e.getKey().contains(w.getKey() + "=\"" + w.getValue() + "\"")))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    private static String key(String name, Map<String, String> labels) {
        StringBuilder key = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
        return key.append('}').toString();
    }
}
