package io.privacyplatform.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The text shown for a purpose under one policy version, with the SHA-256 of its UTF-8 bytes (checked by
 * the database). Seeded and extended by Flyway migrations only; never changed (a trigger refuses it).
 */
@Entity
@Table(name = "consent_notice")
@IdClass(ConsentNotice.Key.class)
public class ConsentNotice extends PanacheEntityBase {

    @Id
    public String purpose;

    @Id
    @Column(name = "policy_version")
    public String policyVersion;

    public String language;

    public String title;

    public String text;

    @Column(name = "text_sha256")
    public String textSha256;

    @Column(name = "published_on")
    public LocalDate publishedOn;

    /** Composite id (a plain class: what Hibernate expects of an id class). */
    public static class Key implements Serializable {
        public String purpose;
        public String policyVersion;

        public Key() {
        }

        public Key(String purpose, String policyVersion) {
            this.purpose = purpose;
            this.policyVersion = policyVersion;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(k.purpose, purpose) && java.util.Objects.equals(k.policyVersion, policyVersion);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(purpose, policyVersion);
        }
    }

    public static Optional<ConsentNotice> of(ConsentPurpose purpose, String policyVersion) {
        return find("purpose = ?1 and policyVersion = ?2", purpose.code(), policyVersion).firstResultOptional();
    }

    public static List<ConsentNotice> ofPurpose(ConsentPurpose purpose) {
        return list("purpose = ?1 order by publishedOn, policyVersion", purpose.code());
    }
}
