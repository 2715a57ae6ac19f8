package io.privacyplatform.retention.datastore;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.policy.RetentionPolicy;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The company's SQL datastores ({@link DatastoresConfig}), each opened at startup with its manifest checked against
 * the live catalog: a bad manifest or an unreachable datastore stops the service, the message naming the file and
 * line. Operations take the datastore's name (the system name of the registry).
 */
@Startup
@ApplicationScoped
public class Datastores {

    private static final Logger LOG = Logger.getLogger(Datastores.class);

    private final Map<String, DatastoreConnector> connectors = new LinkedHashMap<>();
    private final List<AgroalDataSource> pools = new ArrayList<>();
    private final RetentionPolicy policy;

    /** With the retention policy file on the classpath (tests, tools). */
    public Datastores(DatastoresConfig config) {
        this(config, ManifestValidator.classpathPolicy());
    }

    @Inject
    public Datastores(DatastoresConfig config, RetentionPolicy policy) {
        this.policy = policy;
        try {
            for (Map.Entry<String, DatastoresConfig.Datastore> entry : config.byName().entrySet()) {
                connectors.put(entry.getKey(), open(entry.getKey(), entry.getValue()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The configured datastores' names. */
    public Set<String> names() {
        return connectors.keySet();
    }

    /** Erases the subject for the order (see {@link DatastoreConnector#erase}); idempotent per order id. */
    public ErasureEvidence erase(String datastore, String orderId, String subjectId) throws SQLException {
        return connector(datastore).erase(orderId, subjectId);
    }

    /** As {@link #erase(String, String, String)}, for a scoped order's purposes only (null scope: everything). */
    public ErasureEvidence erase(String datastore, String orderId, String subjectId, ErasureScope scope) throws SQLException {
        return connector(datastore).erase(orderId, subjectId, scope);
    }

    /** The purposes the datastore's manifest says it holds data for (see {@link DatastoreConnector#purposes}). */
    public Set<String> purposes(String datastore) {
        return connector(datastore).purposes();
    }

    /** Erases a batch of orders in one transaction (see {@link DatastoreConnector#eraseAll}); evidence in the orders' order. */
    public List<ErasureEvidence> eraseAll(String datastore, List<DatastoreConnector.ErasureOrder> orders) throws SQLException {
        return connector(datastore).eraseAll(orders);
    }

    /** The subject's export slice of the datastore, by table. */
    public Map<String, List<Map<String, Object>>> export(String datastore, String subjectId) throws SQLException {
        return connector(datastore).export(subjectId);
    }

    /** The subject's email from the datastore's contact column. */
    public Optional<String> contactEmail(String datastore, String subjectId) throws SQLException {
        return connector(datastore).contactEmail(subjectId);
    }

    /** Rows updated per field; fields the datastore does not hold are left out. */
    public Map<PersonalField, Integer> rectify(String datastore, String subjectId, Map<PersonalField, String> values) throws SQLException {
        return connector(datastore).rectify(subjectId, values);
    }

    /** The fields the datastore holds (its manifest's {@code rectification:}). */
    public Set<PersonalField> rectifiableFields(String datastore) {
        return connector(datastore).rectifiableFields();
    }

    /** Sets the fields the datastore holds and re-reads them (see {@link DatastoreConnector#rectifyChecked}). */
    public List<DatastoreConnector.FieldRectified> rectifyChecked(String datastore, String subjectId,
                                                                 Map<PersonalField, String> values) throws SQLException {
        return connector(datastore).rectifyChecked(subjectId, values);
    }

    /** Restricts or lifts and re-reads the mark (see {@link DatastoreConnector#restrictChecked}); empty: no restriction in the manifest. */
    public Optional<DatastoreConnector.RestrictionApplied> restrictChecked(String datastore, String subjectId,
                                                                          boolean restricted) throws SQLException {
        return connector(datastore).restrictChecked(subjectId, restricted);
    }

    /** Rows marked restricted. */
    public int restrict(String datastore, String subjectId) throws SQLException {
        return connector(datastore).restrict(subjectId);
    }

    public int liftRestriction(String datastore, String subjectId) throws SQLException {
        return connector(datastore).liftRestriction(subjectId);
    }

    private DatastoreConnector connector(String datastore) {
        DatastoreConnector connector = connectors.get(datastore);
        if (connector == null) {
            throw new IllegalArgumentException("No datastore " + datastore + " is configured (retention.datastores." + datastore + ".*)");
        }
        return connector;
    }

    private DatastoreConnector open(String name, DatastoresConfig.Datastore config) {
        String location = config.manifest().orElse("datastores/" + name + ".yaml");
        Manifest manifest = ManifestReader.read(location, manifestText(location));
        if (!manifest.name().equals(name)) {
            throw new ManifestException(List.of(new ManifestException.Problem(location, 1, "datastore: " + manifest.name()
                    + " but configured as retention.datastores." + name)));
        }
        try {
            AgroalDataSource pool = pool(config.jdbcUrl(), config.username(), config.password(), config.maxConnections());
            pools.add(pool);
            DatastoreConnector connector = DatastoreConnector.open(manifest, pool,
                    config.hashKey().map(k -> Base64.getDecoder().decode(k.trim())), policy);
            LOG.infof("Datastore %s: manifest %s checked against the catalog (%d tables)", name, location, manifest.tables().size());
            return connector;
        } catch (SQLException e) {
            throw new IllegalStateException("Datastore " + name + " cannot be reached or read (manifest " + location + "): "
                    + e.getMessage(), e);
        }
    }

    /** The datastore's own connection pool (the service's datasource is another database). */
    public static AgroalDataSource pool(String jdbcUrl, Optional<String> username, Optional<String> password,
                                        int maxConnections) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(p -> p.maxSize(maxConnections).acquisitionTimeout(Duration.ofSeconds(30))
                        // A connection the datastore dropped (restart, failover) leaves the pool instead of failing every retry.
                        .exceptionSorter(Datastores::connectionLost)
                        .connectionFactoryConfiguration(f -> {
                            f.jdbcUrl(jdbcUrl).connectionProviderClass(org.postgresql.Driver.class).autoCommit(true)
                                    // Server error details quote row values (personal data): keep them out of exception messages.
                                    .jdbcProperty("logServerErrorDetail", "false");
                            username.ifPresent(u -> f.principal(new NamePrincipal(u)));
                            password.ifPresent(pw -> f.credential(new SimplePassword(pw)));
                            return f;
                        })));
    }

    /** SQL states of a connection that is gone: class 08 (connection exception), 57P (the server shut it down). */
    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    private static String manifestText(String location) {
        try {
            Path file = Path.of(location);
            if (Files.isRegularFile(file)) {
                return Files.readString(file);
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (in == null) {
                    throw new IllegalStateException("Datastore manifest " + location + " is neither a file nor a classpath resource");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void close() {
        pools.forEach(AgroalDataSource::close);
        pools.clear();
    }
}
