package dev.brisk.bus.kafka;

import dev.brisk.core.bus.BusProvider;
import dev.brisk.core.bus.MessageBus;

import java.util.Map;

/** {@code brisk.bus.provider=kafka}: the bus on Apache Kafka topics; settings in {@link KafkaBusSettings}. */
public final class KafkaBusProvider implements BusProvider {
    public static final String NAME = "kafka";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageBus open(Map<String, String> settings) {
        return new KafkaMessageBus(KafkaBusSettings.from(settings));
    }
}
