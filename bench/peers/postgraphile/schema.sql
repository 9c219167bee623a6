-- The PostGraphile peer's API schema, created in the bench database by bench/run.py before
-- the peer starts (never by Comptoir's migrations). PostGraphile introspects this schema
-- only: Comptoir's tables stay out of its GraphQL schema, and the views show the columns the
-- Labo page reads, with Comptoir's visibility rules (resolvers/selectors/visibility.py):
--   * a hidden suggestion is seen by its author and by advisers only;
--   * a decision is public once published, and `latestDecision` is the latest published one
--     (published_at, then id, descending: resolvers/loaders.py);
--   * a suggestion's author is found through the suggestion.
-- The viewer comes from the request: the server verifies the JWT and passes its claims as
-- per-request settings (`jwt.claims.member_id`, `jwt.claims.member_role`), which PostGraphile
-- sets with set_config(..., true) inside the request's transaction. Nothing is pinned for
-- the database or the connection; without a token both settings are empty.
-- Smart tags (COMMENT ... '@...'): views have no constraints, so the primary and foreign keys
-- are declared, and the behaviors keep every row behind the Labo list: no root field per
-- view, no Node lookup, no mutations (PostGraphile's defaults would offer all three).

DROP SCHEMA IF EXISTS postgraphile_peer CASCADE;
CREATE SCHEMA postgraphile_peer;

CREATE VIEW postgraphile_peer.member AS
  SELECT m.id, m.display_name FROM public.community_member m;
COMMENT ON VIEW postgraphile_peer.member IS
  E'@primaryKey id\n@behavior -insert -update -delete -query:resource:list -query:resource:connection -query:resource:single -type:node -connection -list';

CREATE VIEW postgraphile_peer.suggestion AS
  SELECT s.id, s.title, s.status, s.vote_count, s.author_id, s.created_at
  FROM public.community_suggestion s
  WHERE s.hidden_at IS NULL
     OR s.author_id = nullif(current_setting('jwt.claims.member_id', true), '')::bigint
     OR current_setting('jwt.claims.member_role', true) = 'ADVISER';
COMMENT ON VIEW postgraphile_peer.suggestion IS
  E'@primaryKey id\n@foreignKey (author_id) references postgraphile_peer.member (id)|@fieldName author|@behavior -manyRelation\n@behavior -insert -update -delete -query:resource:list -query:resource:connection -query:resource:single -type:node -connection -list';

CREATE VIEW postgraphile_peer.decision AS
  SELECT d.id, d.suggestion_id, d.outcome, d.target_period, d.published_at
  FROM public.community_decision d
  WHERE d.published_at IS NOT NULL;
COMMENT ON VIEW postgraphile_peer.decision IS
  E'@primaryKey id\n@behavior -insert -update -delete -query:resource:list -query:resource:connection -query:resource:single -type:node -connection -list';

-- Comptoir's `orderBy` argument, with the one order this page uses.
CREATE TYPE postgraphile_peer.suggestion_order AS ENUM ('TOP');

-- Query.suggestions: the Labo list, most voted first (vote_count, then id, descending: the
-- index suggestion_top_idx), visible rows only (the view), merged duplicates and withdrawn
-- ideas left out as Comptoir's list leaves them. `order_by` exists so the page's document
-- is Comptoir's own; TOP is its only value.
CREATE FUNCTION postgraphile_peer.suggestions(
  order_by postgraphile_peer.suggestion_order DEFAULT 'TOP'
) RETURNS SETOF postgraphile_peer.suggestion
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.* FROM postgraphile_peer.suggestion s
  WHERE s.status NOT IN ('DUPLICATE', 'WITHDRAWN')
  ORDER BY s.vote_count DESC, s.id DESC
$$;

-- Suggestion.viewerHasVoted: null without a viewer (Comptoir answers null there too). A
-- setting once set on a connection reads '' afterwards, not NULL: hence nullif before the cast
-- (the planner may evaluate the cast while estimating, whichever branch runs).
CREATE FUNCTION postgraphile_peer.suggestion_viewer_has_voted(s postgraphile_peer.suggestion)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN nullif(current_setting('jwt.claims.member_id', true), '') IS NULL THEN NULL
    ELSE EXISTS (
      SELECT 1 FROM public.community_vote v
      WHERE v.suggestion_id = s.id
        AND v.member_id = nullif(current_setting('jwt.claims.member_id', true), '')::bigint)
  END
$$;

-- Suggestion.latestDecision: the latest published decision (index decision_latest_idx).
CREATE FUNCTION postgraphile_peer.suggestion_latest_decision(s postgraphile_peer.suggestion)
RETURNS postgraphile_peer.decision
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT d.* FROM postgraphile_peer.decision d
  WHERE d.suggestion_id = s.id
  ORDER BY d.published_at DESC, d.id DESC
  LIMIT 1
$$;
