package io.privacyplatform.partnersync.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a {@code PartnerSandbox} or {@link PartnerProxies} field of a test: {@link PartnerSandboxResource} sets it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectPartnerSandbox {
}
