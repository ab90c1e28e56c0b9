package dev.brisk.core.entity;

/**
 * An authenticated caller: the subject and the namespace its key belongs to (Identity.scala).
 *
 * @param authKey the {@code uuid:key} the caller presented, passed to actions as {@code __OW_API_KEY}
 */
public record Identity(String subject, String namespace, String uuid, String authKey) {
    @Override
    public String toString() {
        // never print the key
        return "Identity[" + subject + ", " + namespace + "]";
    }
}
