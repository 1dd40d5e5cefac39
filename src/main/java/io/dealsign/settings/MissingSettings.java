package io.dealsign.settings;

import org.slf4j.Logger;

import java.util.List;

/** Start-up reporting of unset credentials: one line each, naming the key and its variable. */
public final class MissingSettings {

    private MissingSettings() {
    }

    public static void report(Logger log, List<Setting> missing) {
        for (Setting setting : missing) {
            log.warn("{} is not set: {}. Set {} and restart.", setting.key(), setting.description(), setting.howToSet());
        }
    }
}
