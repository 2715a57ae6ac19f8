package io.privacyplatform.support.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Refuses to start a service in production on a configuration that only fits a developer's machine. Production is
 * the {@code prod} profile (a packaged jar's default) unless the profile {@code local} is active too: the local run
 * ({@code deploy/local/run}, the system tests) starts the jars with {@code quarkus.profile=prod,local}.
 *
 * <p>Refused, each named by its setting and never by its value:
 * <ul>
 *   <li>a <b>development issuer</b>: {@code quarkus.oidc.auth-server-url} (and {@code quarkus.oidc-client.auth-server-url}
 *       or {@code quarkus.oidc.token.issuer} when set) missing, not {@code https}, or on a loopback host
 *       ({@code localhost}, 127.0.0.0/8, ::1): the local run's built-in TokenIssuer is all three;</li>
 *   <li>a <b>missing or short key</b>: every setting listed in {@code platform.production.keys} (the service's
 *       encryption, HMAC and signing keys; their retired keys, {@code *retired-*}, may be absent; a {@code *} stands for
 *       any name, e.g. {@code retention.datastores.*.hash-key}) must be base64 of at least 32 bytes;</li>
 *   <li><b>Dev Services</b> switched on ({@code quarkus.devservices.enabled} or any {@code quarkus.*.devservices.enabled});</li>
 *   <li><b>forwarded headers believed from anyone</b>: {@code quarkus.http.proxy.proxy-address-forwarding} on without
 *       {@code quarkus.http.proxy.trusted-proxies};</li>
 *   <li>a <b>public base URL</b> listed in {@code platform.production.public-urls} (links that go into mails) missing,
 *       not an absolute {@code https} URL, or on a loopback host.</li>
 * </ul>
 */
@ApplicationScoped
public class ProductionGuard {

    /** Settings holding keys of this service, comma-separated (application.properties of each service). */
    public static final String KEYS = "platform.production.keys";
    /** Settings holding public base URLs of links sent by mail, comma-separated. */
    public static final String PUBLIC_URLS = "platform.production.public-urls";
    /** The profile of the local run: the prod configuration, without the guard. */
    public static final String LOCAL_PROFILE = "local";
    static final int MIN_KEY_BYTES = 32;
    private static final List<String> ISSUERS = List.of("quarkus.oidc.auth-server-url",
            "quarkus.oidc-client.auth-server-url", "quarkus.oidc.token.issuer");
    private static final Pattern DEV_SERVICES = Pattern.compile("quarkus\\.([a-z0-9-]+\\.)*devservices\\.enabled");
    private static final String TRUSTED_PROXIES = "quarkus.http.proxy.trusted-proxies";
    /** Looked up by name too: set in the environment, they need not show among the property names. */
    private static final List<String> DEV_SERVICES_OF_THE_STACK = List.of("quarkus.devservices.enabled",
            "quarkus.datasource.devservices.enabled", "quarkus.kafka.devservices.enabled",
            "quarkus.keycloak.devservices.enabled", "quarkus.oidc.devservices.enabled");
    private static final Logger LOG = Logger.getLogger(ProductionGuard.class);

    void onStart(@Observes @Priority(1) StartupEvent event) {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        if (!enforced(config.getProfiles())) {
            return;
        }
        List<String> refusals = refusals(config);
        if (!refusals.isEmpty()) {
            String message = "Production guard: refusing to start: " + String.join("; ", refusals)
                    + " (deploy/README.md, \"Production settings\")";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    /** Production: the {@code prod} profile, without {@code local}. */
    public static boolean enforced(List<String> profiles) {
        return profiles.contains("prod") && !profiles.contains(LOCAL_PROFILE);
    }

    /** What production refuses in this configuration, one phrase per setting; empty when it may start. */
    public static List<String> refusals(Config config) {
        List<String> refusals = new ArrayList<>();
        for (String setting : ISSUERS) {
            Optional<String> value = config.getOptionalValue(setting, String.class).filter(v -> !v.isBlank());
            if (value.isEmpty()) {
                if (setting.equals(ISSUERS.get(0))) {
                    refusals.add(setting + " is missing");
                }
                continue;
            }
            urlProblem(value.get()).ifPresent(problem -> refusals.add(setting + " is a development issuer (" + problem + ")"));
        }
        for (String setting : expanded(config, listed(config, KEYS))) {
            keyProblem(config, setting).ifPresent(problem -> refusals.add(setting + " " + problem));
        }
        TreeSet<String> devServices = new TreeSet<>();
        List<String> candidates = new ArrayList<>(DEV_SERVICES_OF_THE_STACK);
        config.getPropertyNames().forEach(candidates::add);
        for (String name : candidates) {
            if (DEV_SERVICES.matcher(name).matches()
                    && config.getOptionalValue(name, String.class).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false)) {
                devServices.add(name);
            }
        }
        devServices.forEach(name -> refusals.add(name + " switches Dev Services on"));
        boolean forwarding = config.getOptionalValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class).orElse(false);
        if (forwarding && listed(config, TRUSTED_PROXIES).isEmpty()) {
            refusals.add(TRUSTED_PROXIES + " is missing (forwarded headers would be believed from any peer)");
        }
        for (String setting : listed(config, PUBLIC_URLS)) {
            Optional<String> value = config.getOptionalValue(setting, String.class).filter(v -> !v.isBlank());
            if (value.isEmpty()) {
                refusals.add(setting + " is missing (the public base URL of links sent by mail)");
            } else {
                urlProblem(value.get()).ifPresent(problem -> refusals.add(setting + " is not a public base URL (" + problem + ")"));
            }
        }
        return refusals;
    }

    private static List<String> listed(Config config, String setting) {
        return config.getOptionalValues(setting, String.class).orElse(List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A setting with a {@code *} (e.g. {@code retention.datastores.*.hash-key}) stands for every one configured. */
    private static List<String> expanded(Config config, List<String> settings) {
        List<String> names = new ArrayList<>();
        for (String setting : settings) {
            if (!setting.contains("*")) {
                names.add(setting);
                continue;
            }
            Pattern pattern = Pattern.compile(Pattern.quote(setting).replace("*", "\\E[^.]+\\Q"));
            TreeSet<String> matching = new TreeSet<>();
            config.getPropertyNames().forEach(name -> {
                if (pattern.matcher(name).matches()) {
                    matching.add(name);
                }
            });
            names.addAll(matching);
        }
        return names;
    }

    /** A key setting holds one key, or a list of keys (retired keys): each base64 of at least 32 bytes. */
    private static Optional<String> keyProblem(Config config, String setting) {
        boolean retired = setting.contains("retired-");
        List<String> values = config.getOptionalValues(setting, String.class).orElse(List.of()).stream()
                .filter(v -> !v.isBlank()).toList();
        if (values.isEmpty()) {
            return retired ? Optional.empty() : Optional.of("is missing");
        }
        for (String value : values) {
            Optional<Integer> bytes = decodedLength(value.strip());
            if (bytes.isEmpty()) {
                return Optional.of("is not base64 (a key is base64 of at least " + MIN_KEY_BYTES + " random bytes)");
            }
            if (bytes.get() < MIN_KEY_BYTES) {
                return Optional.of("is too short (" + bytes.get() + " bytes; at least " + MIN_KEY_BYTES + " random bytes)");
            }
        }
        return Optional.empty();
    }

    static Optional<Integer> decodedLength(String value) {
        try {
            Base64.Decoder decoder = value.contains("-") || value.contains("_") ? Base64.getUrlDecoder() : Base64.getDecoder();
            return Optional.of(decoder.decode(value).length);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Why a URL is not one production may use (not absolute https, or a loopback host); empty when it is. */
    static Optional<String> urlProblem(String value) {
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("not a URL");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return Optional.of("not an absolute URL");
        }
        if (!uri.getScheme().equalsIgnoreCase("https")) {
            return Optional.of("plain " + uri.getScheme().toLowerCase(Locale.ROOT) + ", not https");
        }
        if (loopback(uri.getHost())) {
            return Optional.of("a loopback host");
        }
        return Optional.empty();
    }

    private static boolean loopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        String literal = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
        if (!literal.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
            return false; // a name: never looked up here
        }
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: no lookup
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
