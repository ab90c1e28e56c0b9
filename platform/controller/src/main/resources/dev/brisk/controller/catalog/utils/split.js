// Splits the payload at the separator, by default at line ends.
function main({ payload, separator }) {
  const text = String(payload);
  return { lines: text.split(separator || /\r?\n/), payload };
}
