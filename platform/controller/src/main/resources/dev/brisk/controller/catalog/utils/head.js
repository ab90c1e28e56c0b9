// The first num lines (1 unless given).
function main({ lines = [], num = 1 }) {
  return { lines: lines.slice(0, num), num };
}
