package dev.brisk.controller.alarms;

/** A feed parameter the alarms provider rejects; the message is the provider's own (openwhisk-package-alarms' alarmWebAction.js). */
public final class InvalidAlarmException extends RuntimeException {
    public InvalidAlarmException(String message) {
        super(message);
    }
}
