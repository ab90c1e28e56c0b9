// Splits the payload at the separator, by default at line ends; the payload is returned as given.
function main({ payload, separator }) {
  return { lines: String(payload).split(separator || /\r?\n/), payload };
}
