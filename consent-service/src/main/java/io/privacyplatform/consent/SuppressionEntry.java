package io.privacyplatform.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;

/**
 * The suppression (opposition) list: what remains of an erased subject who had refused marketing, a keyed
 * hash of an email address or of the subject id and the date. Nothing else, and nothing that can be reversed
 * without the key.
 */
@Entity
@Table(name = "suppression_entry")
public class SuppressionEntry extends PanacheEntityBase {

    public enum Kind { EMAIL, SUBJECT }

    @Id
    @Column(name = "key_hash")
    public String keyHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "suppressed_on", nullable = false)
    public LocalDate suppressedOn;
}
