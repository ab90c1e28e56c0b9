// Brisk runs the alarms feeds in its controller (the schedules are its own); this code runs only where an
// operator moved the action elsewhere.
function main() {
  return { error: 'The alarms feeds of this deployment are run by its controller.' };
}
