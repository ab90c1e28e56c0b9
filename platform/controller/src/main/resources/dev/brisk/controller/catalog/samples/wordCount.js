// The number of words in the payload, separated by single spaces.
function main({ payload }) {
  const text = String(payload);
  const count = text.split(' ').length;
  console.log(`The message '${text}' has`, count, 'words');
  return { count };
}
