package dev.brisk.core.message;

/** Invoker health ping on the health topic, sent every second; silence marks the invoker offline. */
public record PingMessage(int invoker, long timestamp, int userMemoryMb) {
}
