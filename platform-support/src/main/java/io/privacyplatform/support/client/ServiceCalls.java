package io.privacyplatform.support.client;

import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs one call of a typed REST client of another platform service (its interface registers
 * {@link ServiceAnswerMapper}) within a timeout, and turns every way it can fail into one {@link ServiceCallException}.
 * Each client bean wraps its REST client with this and maps the exception's kind to the codes its callers rely on.
 */
@ApplicationScoped
public class ServiceCalls {

    private final Validator validator;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    ServiceCalls(Validator validator) {
        this.validator = validator;
    }

    /**
     * @param service  the called service, for the guard's name and the debug log
     * @param timeout  how long the whole call may take (service token, connection, answer)
     * @param type     the contract record the call returns
     * @return the answer: a record that meets its contract's constraints
     * @throws ServiceCallException when there is none, with its kind and status
     */
    public <T> T call(String service, Duration timeout, Class<T> type, Supplier<T> call) {
        T answer;
        try {
            answer = guard(service, timeout).get(call, type);
        } catch (RuntimeException e) {
            throw failure(service, e);
        }
        return valid(answer);
    }

    /**
     * {@link #call}, for a REST client method that returns a {@link Uni}: nothing is sent before the returned Uni is
     * subscribed to, and no thread waits for the answer.
     *
     * @return the answer (a record that meets its contract's constraints), or a {@link ServiceCallException}
     */
    public <T> Uni<T> callAsync(String service, Duration timeout, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(call::get)
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(e -> failure(service, e))
                .map(this::valid);
    }

    private static ServiceCallException failure(String service, Throwable e) {
        ServiceCallException failure = ServiceCallException.of(e);
        if (failure.kind() == ServiceCallException.Kind.NO_ANSWER) {
            Log.debugf("Call to %s failed without an answer: %s", service, SafeLog.describe(e));
        }
        return failure;
    }

    private <T> T valid(T answer) {
        if (answer == null || !validator.validate(answer).isEmpty()) {
            throw ServiceCallException.unparseable();
        }
        return answer;
    }

    private Guard guard(String service, Duration timeout) {
        return guards.computeIfAbsent(service + "-" + timeout.toMillis() + "ms", name -> Guard.create()
                .withDescription("service-call-" + name)
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                .build());
    }
}
