"use strict";
/*
 * The PostGraphile v5 peer: the Labo front page served as PostGraphile's users would serve it.
 *
 *   PORT=8123 DATABASE_URL=postgres://... JWT_SECRET=... PEER_PROCESSES=1 node server.js
 *
 * Library mode (postgraphile(preset) mounted on Node's own http server through grafserv's node
 * adaptor), the Amber preset, one PostgreSQL service introspecting only the schema
 * `postgraphile_peer` (bench/peers/postgraphile/schema.sql, created by bench/run.py), GraphiQL
 * (Ruru) off, NODE_ENV=production. The viewer comes from each request's JWT (HS256, audience
 * "postgraphile", `Authorization: Bearer ...`), verified in `grafast.context` as PostGraphile's
 * JWT guide asks, and its claims reach PostgreSQL as per-request settings (`pgSettings`: a
 * transaction per request with set_config(..., true)); a request without a token has none.
 *
 * PEER_PROCESSES=2 runs two instances on the one port with Node's cluster module: the primary
 * accepts connections and hands them to the instances in turn (round-robin, Node's default on
 * Linux), so wrk's 16 connections are split 8 and 8. /healthz answers 200 only once every
 * instance listens.
 *
 * Bench-only instrument: each response carries `X-Bench-SQL`, the statements the request sent
 * through node-postgres, as Comptoir's counter counts them: transaction control (begin, commit,
 * rollback) aside, and the setting @dataplan/pg sends once on each new connection
 * (`set jit_optimize_above_cost`), as Django's connection setup is aside.
 */

const cluster = require("node:cluster");
const http = require("node:http");
const { AsyncLocalStorage } = require("node:async_hooks");

const PORT = Number(process.env.PORT);
const PROCESSES = Number(process.env.PEER_PROCESSES || "1");
const { DATABASE_URL, JWT_SECRET } = process.env;
if (!PORT || !DATABASE_URL || !JWT_SECRET || !(PROCESSES >= 1)) {
  console.error("PORT, DATABASE_URL, JWT_SECRET (and PEER_PROCESSES >= 1) are required");
  process.exit(2);
}

if (PROCESSES > 1 && cluster.isPrimary) {
  let listening = 0;
  const workers = [];
  for (let i = 0; i < PROCESSES; i++) workers.push(cluster.fork());
  cluster.on("listening", () => {
    listening += 1;
    if (listening === PROCESSES) for (const w of workers) w.send("all-listening");
  });
  cluster.on("exit", (worker, code, signal) => {
    console.error(`instance ${worker.process.pid} exited (${signal || code}): stopping`);
    process.exit(1);
  });
  // Stopping: pass the signal on and wait for the instances, which close their server
  // through this process (leaving first would break their channel to it).
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      cluster.removeAllListeners("exit");
      let running = workers.length;
      cluster.on("exit", () => {
        running -= 1;
        if (running === 0) process.exit(0);
      });
      for (const w of workers) w.process.kill(signal);
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

async function main() {
  const jwt = require("jsonwebtoken");
  const pg = require("pg");
  const { postgraphile } = require("postgraphile");
  const { PostGraphileAmberPreset } = require("postgraphile/presets/amber");
  const { makePgService } = require("postgraphile/adaptors/pg");
  const { grafserv } = require("postgraphile/grafserv/node");

  // The statement counter: node-postgres's Client.query, within the request's async context.
  const requestSql = new AsyncLocalStorage();
  const NOT_COUNTED = /^\s*(begin|commit|rollback|set jit_optimize_above_cost)\b/i;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(config, ...rest) {
    const counter = requestSql.getStore();
    const text = typeof config === "string" ? config : config && config.text;
    if (counter && !NOT_COUNTED.test(text || "")) counter.statements += 1;
    return query.call(this, config, ...rest);
  };

  const preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [
      makePgService({
        connectionString: DATABASE_URL,
        schemas: ["postgraphile_peer"],
        // No LISTEN connection: nothing here subscribes.
        pubsub: false,
      }),
    ],
    grafserv: { graphqlPath: "/graphql", graphiql: false, watch: false },
    grafast: {
      // PostGraphile's JWT guide: the server verifies the token and hands the claims it
      // wants PostgreSQL to see to `pgSettings`.
      context(requestContext) {
        const header = requestContext.node?.req?.headers?.authorization;
        if (typeof header !== "string") return {};
        const [scheme, token] = header.split(" ");
        if (scheme.toLowerCase() !== "bearer" || !token) return {};
        let claims;
        try {
          claims = jwt.verify(token, JWT_SECRET, {
            algorithms: ["HS256"],
            audience: "postgraphile",
          });
        } catch (error) {
          throw Object.assign(new Error(`Invalid token: ${error.message}`), { statusCode: 401 });
        }
        return {
          pgSettings: {
            "jwt.claims.member_id": String(claims.member_id),
            "jwt.claims.member_role": String(claims.member_role),
          },
        };
      },
    },
  };

  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  await pgl.getSchema(); // build the schema before the first request, not during it
  const handle = serv.createHandler();
  let ready = PROCESSES === 1;
  process.on("message", (message) => {
    if (message === "all-listening") ready = true;
  });

  const server = http.createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: ready ? "ok" : "starting", pid: process.pid }));
      return;
    }
    const counter = { statements: 0 };
    const writeHead = res.writeHead;
    res.writeHead = function writeHeadWithCount(...args) {
      res.setHeader("x-bench-sql", String(counter.statements));
      return writeHead.apply(this, args);
    };
    requestSql.run(counter, () => handle(req, res));
  });
  server.keepAliveTimeout = 65_000;
  server.listen(PORT, "127.0.0.1");
  const stop = () => server.close(() => pgl.release().then(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
