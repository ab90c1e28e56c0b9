// Logs a greeting; returns nothing.
function main({ payload }) {
  console.log('hello', payload + '!');
}
