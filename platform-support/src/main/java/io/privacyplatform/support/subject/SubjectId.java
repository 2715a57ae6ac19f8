package io.privacyplatform.support.subject;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * A subject id is an opaque, pseudonymous id: an email address or a name is refused before it is stored or
 * published. The violation names the rule, never the value sent.
 */
@NotBlank
@Pattern(regexp = SubjectId.PATTERN)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface SubjectId {

    String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,199}";

    String MESSAGE = "must be a pseudonymous subject id (letters, digits, '.', '_', ':', '-'; at most 200), never an email address";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
