// The first num lines (1 when num is missing or 0, as OpenWhisk's head).
function main({ lines, num }) {
  const count = num || 1;
  return { lines: (lines || []).slice(0, count), num: count };
}
