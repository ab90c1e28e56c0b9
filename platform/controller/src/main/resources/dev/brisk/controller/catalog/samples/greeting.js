// A friendly greeting for name (or payload) from place.
function main({ name, payload, place }) {
  return { payload: `Hello, ${name || payload || 'stranger'} from ${place || 'somewhere'}!` };
}
