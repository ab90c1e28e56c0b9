// Joins the lines into one text, one per line.
function main({ lines = [] }) {
  return { lines, payload: lines.join('\n') };
}
