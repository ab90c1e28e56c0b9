// Sorts the lines as JavaScript's default sort does (by their text).
function main({ lines = [] }) {
  const sorted = [...lines].sort();
  return { lines: sorted, length: sorted.length };
}
