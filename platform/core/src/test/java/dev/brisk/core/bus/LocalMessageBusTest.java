package dev.brisk.core.bus;

class LocalMessageBusTest extends MessageBusContract {
    @Override
    protected MessageBus newBus() {
        return new LocalMessageBus();
    }
}
