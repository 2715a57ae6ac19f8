package io.privacyplatform.retention.datastore;

import java.util.Arrays;
import java.util.Optional;

/** The fields a rectification order can change, by the names a manifest's {@code rectification:} uses. */
public enum PersonalField {
    FIRST_NAME("first-name"),
    LAST_NAME("last-name"),
    EMAIL("email"),
    PHONE("phone");

    public final String yaml;

    PersonalField(String yaml) {
        this.yaml = yaml;
    }

    /** The field of a code ({@code first-name}, ...), as manifests and rectification orders name it. */
    public static Optional<PersonalField> byYaml(String name) {
        return Arrays.stream(values()).filter(f -> f.yaml.equals(name)).findFirst();
    }
}
