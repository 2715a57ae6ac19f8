package io.privacyplatform.request.config;

import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The register of processing and the retention policy, loaded once from the policy module; a broken file stops the
 * service at startup, and so does an erasure exemption naming a system the registry does not know.
 */
public class RegisterProducer {

    @Produces
    @Singleton
    Register register() {
        return Register.load();
    }

    /** The retention policy as written: request-service enforces the rules it holds (service.purge.OwnRecordRules). */
    @Produces
    @Singleton
    RetentionPolicy retentionPolicy() {
        return Register.readRetentionPolicy();
    }

    void checkAtStartup(@Observes StartupEvent start, Register register, RequestsConfig config) {
        checkExemptions(register, config.erasure().exemptions());
    }

    /**
     * An exemption for a misspelt or unregistered system would never go out with an order: the subject would be told
     * nothing of data kept under it. Fails naming the setting, the unknown systems and the registered ones.
     */
    static void checkExemptions(Register register, List<RequestsConfig.Exemption> exemptions) {
        for (int i = 0; i < exemptions.size(); i++) {
            String system = exemptions.get(i).system();
            java.util.Optional<String> rule = exemptions.get(i).rule();
            if (rule.isPresent() && register.retentionRules().stream().noneMatch(r -> r.code().equals(rule.get()))) {
                throw new IllegalStateException("requests.erasure.exemptions[" + i + "].rule=" + rule.get()
                        + " is not a rule of the retention policy; rules: " + String.join(", ",
                        register.retentionRules().stream().map(Register.RetentionRule::code).toList()));
            }
            if (register.findSystem(system).isEmpty()) {
                throw new IllegalStateException("requests.erasure.exemptions[" + i + "].system=" + system
                        + " is not a system of the registry (" + Register.SYSTEMS_FILE + "); registered: "
                        + String.join(", ", register.systems().stream().map(Register.RegisteredSystem::name).toList()));
            }
        }
    }
}
