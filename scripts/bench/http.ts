// The bench talks to the API and the sandbox over HTTP, as their real clients do.
export { callJson as requestJson, okJson } from '../http-json.js';
