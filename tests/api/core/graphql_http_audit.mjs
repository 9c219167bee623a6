// Runs the GraphQL-over-HTTP audit suite (npm package graphql-http, `serverAudits`)
// against a running server and prints one JSON line per audit.
//
//   node tests/api/core/graphql_http_audit.mjs URL [--header "Name: value"]...
//
// Each --header is added to every request the audits send (a session cookie, the CSRF
// token, the proxy's X-Forwarded-Proto...), as a browser or a reverse proxy would.
// Output: a JSON array of {id, name, status ("ok" | "notice" | "warn" | "error"),
// reason, httpStatus, contentType, body}; the exit code is 0 whatever the results (the
// caller judges them), 2 on bad usage.
import { serverAudits } from "graphql-http";

const [url, ...rest] = process.argv.slice(2);
if (!url) {
  console.error("usage: graphql_http_audit.mjs URL [--header 'Name: value']...");
  process.exit(2);
}
const extraHeaders = {};
for (let i = 0; i < rest.length; i += 2) {
  if (rest[i] !== "--header" || rest[i + 1] === undefined) {
    console.error(`unexpected argument: ${rest[i]}`);
    process.exit(2);
  }
  const separator = rest[i + 1].indexOf(":");
  extraHeaders[rest[i + 1].slice(0, separator).trim()] = rest[i + 1].slice(separator + 1).trim();
}

// What each response said, kept for the report of a failed audit (the audit may have
// consumed the body already).
const seen = new WeakMap();

async function fetchWithHeaders(input, init = {}) {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
  const response = await fetch(input, { ...init, headers, redirect: "manual" });
  seen.set(response, await response.clone().text());
  return response;
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetchWithHeaders })) {
  const result = await audit.fn();
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") {
    entry.reason = result.reason;
    entry.httpStatus = result.response?.status;
    entry.contentType = result.response?.headers.get("content-type");
    // A failed audit returns the response it judged, or a clone of it (then unread).
    const body = seen.get(result.response) ?? (await result.response?.text().catch(() => ""));
    entry.body = (body ?? "").slice(0, 500);
  }
  results.push(entry);
}
console.log(JSON.stringify(results));
