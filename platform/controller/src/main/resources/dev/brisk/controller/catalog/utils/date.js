// The current date and time.
function main() {
  return { date: new Date().toISOString() };
}
