// Joins the lines into one text, one per line; a missing or null lines is none.
function main({ lines }) {
  const all = lines || [];
  return { lines: all, payload: all.join('\n') };
}
