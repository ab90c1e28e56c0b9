// The namespace of this activation, that of the key that invoked it.
function main() {
  return { namespace: process.env.__OW_NAMESPACE };
}
