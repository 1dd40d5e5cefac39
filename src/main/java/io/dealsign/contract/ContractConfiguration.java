package io.dealsign.contract;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Binds the {@code contracts} bean from the sync.contract.*, sync.won.*, sync.outcome.* and archive settings. */
public class ContractConfiguration implements CamelConfiguration {

    @PropertyInject(value = "sync.archive.dir", defaultValue = "./data/archive")
    private String archiveDirectory;
    @PropertyInject(value = "sync.won.stage-id", defaultValue = "")
    private String wonStageId;
    @PropertyInject(value = "sync.won.pipeline-id", defaultValue = "")
    private String wonPipelineId;

    @Override
    public void configure(CamelContext camelContext) {
        Map<String, OutcomeAction> actions = new HashMap<>();
        for (String outcome : new String[] {"declined", "expired", "voided"}) {
            String prefix = "sync.outcome." + outcome + ".";
            actions.put(outcome, new OutcomeAction(
                    Boolean.parseBoolean(property(camelContext, prefix + "note", "true")),
                    Boolean.parseBoolean(property(camelContext, prefix + "mark-lost", "false")),
                    property(camelContext, prefix + "lost-reason", "Contract " + outcome)));
        }
        camelContext.getRegistry().bind("contracts", new Contracts(Path.of(archiveDirectory), optionalId(wonStageId),
                optionalId(wonPipelineId), actions));
    }

    private static String property(CamelContext camelContext, String key, String defaultValue) {
        return camelContext.getPropertiesComponent().resolveProperty(key).orElse(defaultValue).trim();
    }

    private static Long optionalId(String value) {
        return value == null || value.isBlank() ? null : Long.valueOf(value.trim());
    }
}
