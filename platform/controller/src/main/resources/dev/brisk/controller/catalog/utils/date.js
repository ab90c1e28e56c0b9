// The current date and time (an ISO 8601 text once serialized), also logged.
function main() {
  const now = new Date();
  console.log('It is now ' + now);
  return { date: now };
}
