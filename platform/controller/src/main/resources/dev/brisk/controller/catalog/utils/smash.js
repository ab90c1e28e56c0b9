// Nests every other parameter under the one named by $fieldName.
function main(params) {
  const field = params.$fieldName;
  if (typeof field !== 'string') {
    return { error: "Expected an argument '$fieldName' of type 'string'." };
  }
  const { $fieldName, ...rest } = params;
  return { [field]: rest };
}
