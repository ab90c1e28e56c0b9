package dev.brisk.invoker;

/** Warm containers are reused only for the same action revision in the same namespace (OpenWhisk's WarmedData). */
record WarmKey(String namespace, String action, String revision) {
}
