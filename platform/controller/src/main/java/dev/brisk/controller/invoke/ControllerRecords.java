package dev.brisk.controller.invoke;

import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.Stores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * The end of an activation the controller records itself (a sequence, a composition, a builtin): it is announced
 * ({@link ActivationCompleted}: metrics, the recent records GET serves until it is stored), then stored once. A
 * conflict means it was written already; a store that fails is logged, as the invoker's own records are.
 */
@ApplicationScoped
public class ControllerRecords {
    private static final System.Logger LOG = System.getLogger(ControllerRecords.class.getName());

    private final Stores stores;
    private final Event<ActivationCompleted> completed;

    @Inject
    public ControllerRecords(Stores stores, Event<ActivationCompleted> completed) {
        this.stores = stores;
        this.completed = completed;
    }

    /** Announces {@code activation}; the caller answers with it before or after {@link #store}, as it needs. */
    void announce(WhiskActivation activation) {
        completed.fire(new ActivationCompleted(activation));
    }

    /** Stores {@code activation} under its namespace, once. */
    void store(WhiskActivation activation) {
        String id = activation.namespace() + "/" + activation.activationId();
        try {
            stores.activations().put(id, null, activation.toDocument());
        } catch (DocumentConflictException written) {
            // written once already
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not store activation " + id, e);
        }
    }
}
