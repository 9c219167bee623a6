"""Seed a large, realistic Comptoir dataset into its own PostgreSQL database, fast.

    .venv/bin/python -m bench.seed --scale 1        # 100k members, 1M votes, ... (< 5 min)
    .venv/bin/python -m bench.seed --scale 0.01     # smoke

The database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/comptoir_bench)
is created and marked as the bench's (a comment on the database, `common.OWNER_MARKER`), or
dropped and created again when it carries that mark; a database of that name without it is
never dropped: the seed stops and says so. A second run on the same database stops at once
(`common.run_lock`). It is migrated with the project's own migrations, then filled with
PostgreSQL COPY through psycopg. Rows are generated in Python from a fixed random seed, so
the same scale gives the same data. Every database constraint stays on (check, unique and
foreign-key constraints are enforced during the load; only plain indexes are dropped during
COPY and rebuilt after it), and the stored vote counts equal the vote rows (checked at the
end). Distributions: votes are long-tailed over suggestions (rank r gets ~1/(r+10) of
them), a tenth of the open suggestions are "hot" with many votes of the last 7 days (for
TRENDING), posts per thread are Pareto-distributed, and a few long support threads and
well-commented suggestions exist for the page scenarios.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import secrets
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from bench.common import (
    COMMITTEE_USERNAME,
    OWNER_MARKER,
    PASSWORD,
    ROOT,
    RUSH_PREFIX,
    VIEWER_USERNAME,
    check_owned,
    database_marker,
    database_name,
    database_url,
    maintenance_url,
    run_lock,
)

DAY = 86_400.0
NULL = "\\N"

# --- text -------------------------------------------------------------------------------


def cols(names: str) -> list[str]:
    """Words of a string: column names and word lists, written as prose."""
    return names.split()


WORDS = cols(
    "compte carte virement épargne application conseiller agence paiement frais banque "
    "prélèvement relevé découvert crédit prêt immobilier assurance livret plafond "
    "sécurité notification mobile client service rapide simple clair mois semaine jour "
    "euros opération retrait distributeur chéquier bénéficiaire mot passe code "
    "confidentiel contrat offre taux intérêt budget catégorie dépense revenu alerte "
    "message courrier publicité papier écran bouton menu historique export fichier "
    "tableau graphique automatique manuel délai attente réponse question problème "
    "solution idée proposition amélioration pratique utile possible vraiment toujours "
    "souvent parfois enfin merci bonjour besoin envie trouver pouvoir vouloir afficher "
    "ajouter modifier supprimer choisir recevoir envoyer payer gérer suivre comparer "
    "valider bloquer débloquer"
)

TITLE_VERBS = (
    "Pouvoir",
    "Permettre de",
    "Ajouter la possibilité de",
    "Proposer de",
    "Simplifier la façon de",
    "Afficher",
    "Pouvoir choisir de",
)
TITLE_OBJECTS = (
    "désactiver la publicité par courrier",
    "nommer les comptes externes dans l'écran de virement",
    "voir les opérations à venir",
    "payer sans contact avec la carte",
    "épargner automatiquement chaque mois",
    "bloquer temporairement la carte depuis l'appli",
    "exporter les relevés au format tableur",
    "classer les dépenses par catégorie",
    "recevoir une alerte avant un découvert",
    "modifier le plafond de paiement en ligne",
    "programmer des virements récurrents",
    "suivre une demande de prêt immobilier",
    "choisir la date de prélèvement des frais",
    "ouvrir un livret en quelques clics",
    "partager un RIB par message",
    "consulter les taux d'épargne progressifs",
)
FIRST_NAMES = cols(
    "Camille Léa Manon Chloé Inès Sarah Emma Louise Jade Alice Lucas Hugo Louis Nathan "
    "Gabriel Arthur Jules Raphaël Paul Théo Marie Anne Claire Julien Thomas Nicolas "
    "Pierre Sophie Isabelle Nathalie Philippe Michel Alain Sylvie Martine Éric Olivier "
    "Céline"
)
LAST_NAMES = cols(
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André "
    "Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc "
    "Guerin"
)


def sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(6, 16)) for _ in range(sentences))


# --- COPY -------------------------------------------------------------------------------


def ts(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat(sep=" ")


def copy_lines(
    cur: psycopg.Cursor, table: str, columns: Sequence[str], lines: Iterable[str]
) -> int:
    """COPY text lines (tab-separated, already escaped) into a table, in ~1 MB writes."""
    n = 0
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buf: list[str] = []
        size = 0
        for line in lines:
            buf.append(line)
            size += len(line)
            n += 1
            if size > 1_000_000:
                copy.write("".join(buf))
                buf, size = [], 0
        if buf:
            copy.write("".join(buf))
    return n


# --- the model in memory ----------------------------------------------------------------


@dataclass
class Suggestion:
    id: int
    author: int
    created: float
    title: str
    body: str
    status: str = "SUBMITTED"
    duplicate_of: int | None = None
    hidden: tuple[float, int, str] | None = None
    vote_end: float = 0.0
    hot: bool = False
    votes: int = 0
    public_response: str = ""
    target_period: str = ""
    updated: float = 0.0
    # (from, to, actor, note, time)
    changes: list[tuple[str, str, int, str, float]] = field(default_factory=list)


@dataclass
class Counts:
    members: int
    committee: int
    advisers: int
    rush: int
    suggestions: int
    votes: int
    threads: int
    posts: int
    decisions: int
    meetings: int

    @classmethod
    def at(cls, scale: float) -> Counts:
        members = max(400, round(100_000 * scale))
        return cls(
            members=members,
            committee=5,
            advisers=max(5, round(20 * scale)),
            rush=min(2_000, max(100, round(members * 0.02))),
            suggestions=max(100, round(20_000 * scale)),
            votes=max(1_000, round(1_000_000 * scale)),
            threads=max(60, round(50_000 * scale)),
            posts=max(600, round(300_000 * scale)),
            decisions=max(4, round(500 * scale)),
            meetings=max(2, round(50 * scale)),
        )


def quarter(t: float, ahead: int) -> str:
    d = datetime.fromtimestamp(t, UTC)
    q = (d.month - 1) // 3 + ahead
    return f"{d.year + q // 4} Q{q % 4 + 1}"


class Seeder:
    def __init__(self, scale: float, seed: int, now: float) -> None:
        self.scale = scale
        self.n = Counts.at(scale)
        self.rng = random.Random(seed)
        self.now = now

        # Members: committee (ids 1..5, the first is the chair), advisers, customers, rush.
        n = self.n
        self.committee_ids = list(range(1, n.committee + 1))
        self.chair = 1
        first_adviser = n.committee + 1
        self.adviser_ids = list(range(first_adviser, first_adviser + n.advisers))
        first_customer = first_adviser + n.advisers
        regular = n.members - n.committee - n.advisers - n.rush
        self.customer_ids = list(range(first_customer, first_customer + regular))
        self.rush_ids = list(range(first_customer + regular, n.members + 1))
        self.viewer = first_customer

    def members(self, password_hash: str) -> Iterator[str]:
        n, rng, now = self.n, self.rng, self.now
        first_adviser = self.adviser_ids[0]
        first_customer = self.customer_ids[0]
        for pk in range(1, n.members + 1):
            if pk <= n.committee:
                role, username = "COMMITTEE", f"committee{pk}"
            elif pk < first_customer:
                role, username = "ADVISER", f"adviser{pk - first_adviser + 1:02d}"
            elif pk < self.rush_ids[0]:
                role, username = "CUSTOMER", f"c{pk - first_customer + 1:07d}"
            else:
                role, username = "CUSTOMER", f"{RUSH_PREFIX}{pk - self.rush_ids[0] + 1:05d}"
            # Three years of growth, busier lately.
            joined = now - 3 * 365 * DAY * rng.random() ** 1.5 - DAY
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)[0]}."
            number = f"{900_000_000 + pk}" if role == "CUSTOMER" else NULL
            staff = "t" if username == "adviser01" else "f"
            chair = "t" if pk == self.chair else "f"
            yield (
                f"{pk}\t{password_hash}\t{NULL}\tf\t{username}\t\t\t{username}@bench.invalid\t"
                f"{staff}\tt\t{ts(joined)}\t{role}\t{name}\t{number}\t{chair}\tfr\n"
            )
        assert VIEWER_USERNAME == "c0000001" and COMMITTEE_USERNAME == "committee2"

    def plan_suggestions(self) -> None:
        """Suggestions, their statuses, meetings, agendas, decisions and vote counts."""
        n, rng, now = self.n, self.rng, self.now
        # Authors: a few prolific customers, a long tail of one-off ones.
        created = sorted(now - 2 * 365 * DAY * rng.random() ** 1.3 for _ in range(n.suggestions))
        customers = self.customer_ids
        self.suggestions: list[Suggestion] = []
        for i, t in enumerate(created):
            author = customers[int(len(customers) * rng.random() ** 2)]
            title = f"{rng.choice(TITLE_VERBS)} {rng.choice(TITLE_OBJECTS)}"
            if rng.random() < 0.5:
                title += f" ({rng.choice(WORDS)})"
            s = Suggestion(
                id=i + 1,
                author=author,
                created=t,
                title=title,
                body=paragraph(rng, rng.randint(2, 6)),
                vote_end=now,
                updated=t,
            )
            self.suggestions.append(s)
        sugg = self.suggestions
        # Hidden by moderation (0.5 %) and duplicates merged into an earlier suggestion (6 %).
        for s in sugg:
            r = rng.random()
            if r < 0.005:
                s.hidden = (s.created + DAY, rng.choice(self.adviser_ids), "Contenu publicitaire")
            elif r < 0.065 and s.id > 10:
                s.status = "DUPLICATE"
        eligible = [s for s in sugg if s.status != "DUPLICATE" and s.hidden is None]
        for s in sugg:
            if s.status == "DUPLICATE":
                original = sugg[rng.randrange(0, s.id - 1)]
                while original.status == "DUPLICATE":
                    original = sugg[rng.randrange(0, s.id - 1)]
                s.duplicate_of = original.id
                at = s.created + DAY * (1 + 10 * rng.random())
                at = min(at, now - 60)
                s.changes.append(("SUBMITTED", "DUPLICATE", rng.choice(self.adviser_ids), "", at))
                s.vote_end = at

        # Vote counts: rank r gets a share ~ 1/(r+10); duplicates have none (votes moved).
        voting = [s for s in sugg if s.status != "DUPLICATE"]
        ranked = voting[:]
        rng.shuffle(ranked)
        weights = [1.0 / (r + 10) for r in range(len(ranked))]
        total_w = sum(weights)
        spare = n.votes - len(ranked)  # every suggestion has its author's vote
        cap = len(customers)
        assigned = 0
        for s, w in zip(ranked, weights, strict=True):
            s.votes = min(cap, 1 + int(spare * w / total_w))
            assigned += s.votes
        i = 0
        while assigned < n.votes:  # the rounding remainder goes to the top
            if ranked[i % len(ranked)].votes < cap:
                ranked[i % len(ranked)].votes += 1
                assigned += 1
            i += 1
        self.ranked = ranked

        # Meetings every ~2 weeks up to now, the last one next week; agendas of 20 taken
        # among the most voted, in the order they were created.
        m = n.meetings
        self.meeting_times = [now - (m - 1 - k) * 14 * DAY + 7 * DAY for k in range(m)]
        top = [s for s in ranked if s.hidden is None][: m * 20 * 2]
        chosen = sorted(rng.sample(top, min(len(top), m * 20)), key=lambda s: s.created)
        self.agendas: list[list[Suggestion]] = [chosen[k * 20 : (k + 1) * 20] for k in range(m)]
        for k, items in enumerate(self.agendas):
            for s in items:
                if s.created > self.meeting_times[k] - 20 * DAY:
                    s.created = self.meeting_times[k] - DAY * (20 + 40 * rng.random())
                    s.updated = s.created
        # Decisions: drafts on the upcoming agenda, published ones on past agendas.
        self.decisions: list[tuple[Suggestion, int, str, str, str, float, float | None]] = []
        upcoming = self.agendas[-1]
        drafts = upcoming[: min(3, n.decisions // 4 + 1)]
        past_items = [(k, s) for k in range(m - 1) for s in self.agendas[k]]
        published = rng.sample(past_items, min(len(past_items), n.decisions - len(drafts)))
        decided = {s.id: k for k, s in published}
        self.evaluated_meetings: list[tuple[int, list[Suggestion]]] = []
        for k, items in enumerate(self.agendas):
            meeting_at = self.meeting_times[k]
            for s in items:
                s.status = "UNDER_REVIEW"
                review = s.created + (meeting_at - 14 * DAY - s.created) * rng.random() * 0.5
                adviser = rng.choice(self.adviser_ids)
                s.changes.append(("SUBMITTED", "UNDER_REVIEW", adviser, "", review))
                shortlist = meeting_at - 14 * DAY
                note = "Présentée au prochain comité."
                s.changes.append(("UNDER_REVIEW", "SHORTLISTED", adviser, note, shortlist))
                s.status = "SHORTLISTED"
                s.updated = shortlist
                if s.id not in decided:
                    continue
                outcome = rng.choices(("RETAINED", "DEFERRED", "REJECTED"), (4, 3, 3))[0]
                publish = meeting_at + 2 * DAY
                rationale = paragraph(rng, 2)
                period = quarter(publish, rng.randint(1, 4)) if outcome == "RETAINED" else ""
                created_at = meeting_at + 3 * 3600
                self.decisions.append((s, k, outcome, rationale, period, created_at, publish))
                s.changes.append(("SHORTLISTED", outcome, self.chair, rationale, publish))
                s.status, s.updated = outcome, publish
                s.public_response, s.target_period = rationale, period
                if outcome == "REJECTED":
                    s.vote_end = publish
                if outcome == "RETAINED" and publish + 30 * DAY < now and rng.random() < 0.6:
                    t = publish + 30 * DAY
                    s.changes.append(
                        ("RETAINED", "IN_PROGRESS", rng.choice(self.adviser_ids), "", t)
                    )
                    s.status, s.updated = "IN_PROGRESS", t
                    if publish + 150 * DAY < now and rng.random() < 0.5:
                        t = publish + 150 * DAY
                        a = rng.choice(self.adviser_ids)
                        s.changes.append(("IN_PROGRESS", "DELIVERED", a, "Disponible !", t))
                        s.status, s.updated, s.vote_end = "DELIVERED", t, t
        for s in drafts:
            created_at = now - DAY
            period = quarter(now, 2)
            self.decisions.append(
                (s, len(self.agendas) - 1, "RETAINED", "", period, created_at, None)
            )
        # The rest of the Labo: submitted, or under review by an adviser.
        on_agenda = {s.id for items in self.agendas for s in items}
        for s in eligible:
            if s.id in on_agenda:
                continue
            if rng.random() < 0.25:
                t = s.created + (now - s.created) * rng.random() * 0.5
                s.changes.append(("SUBMITTED", "UNDER_REVIEW", rng.choice(self.adviser_ids), "", t))
                s.status, s.updated = "UNDER_REVIEW", t
        for s in voting:
            s.hot = s.vote_end >= now and rng.random() < 0.1

    def suggestion_lines(self) -> Iterator[str]:
        for s in self.suggestions:
            if s.hidden:
                h_at, h_by, h_reason = ts(s.hidden[0]), str(s.hidden[1]), s.hidden[2]
            else:
                h_at, h_by, h_reason = NULL, NULL, ""
            dup = NULL if s.duplicate_of is None else str(s.duplicate_of)
            yield (
                f"{s.id}\t{h_at}\t{h_reason}\t{s.title}\t{s.body}\t{s.status}\t"
                f"{s.public_response}\t{s.target_period}\t{ts(s.created)}\t{ts(s.updated)}\t"
                f"{s.votes}\t{s.author}\t{dup}\t{h_by}\n"
            )

    def vote_lines(self) -> Iterator[str]:
        """Votes (and the follows that voting makes): distinct members per suggestion, the
        author's vote first. The bench viewer voted for ~30 % of the top suggestions."""
        rng, now = self.rng, self.now
        customers = self.customer_ids
        population = range(len(customers))
        vid = 0
        viewer_index = customers.index(self.viewer)
        self.follow_pairs: list[str] = []
        top = {s.id for s in self.ranked[:200]}
        for s in self.suggestions:
            if s.votes == 0:
                continue
            author_index = s.author - customers[0]
            chosen = rng.sample(population, s.votes)
            if author_index not in chosen:
                chosen[0] = author_index
            else:
                k = chosen.index(author_index)
                chosen[0], chosen[k] = chosen[k], chosen[0]
            viewer_votes = s.id in top and viewer_index not in chosen and len(chosen) > 1
            if viewer_votes and rng.random() < 0.3:
                chosen[-1] = viewer_index
            start, end = s.created, max(s.created + 60, s.vote_end)
            recent_share = 0.4 if s.hot else 0.03
            span = end - start
            for j, index in enumerate(chosen):
                if j == 0:
                    t = start
                elif end >= now and rng.random() < recent_share:
                    t = max(start, now - 7 * DAY * rng.random())
                else:
                    t = start + span * rng.random() ** 2
                vid += 1
                stamp = ts(t)
                member = customers[index]
                yield f"{vid}\t{stamp}\t{member}\t{s.id}\n"
                self.follow_pairs.append(f"{vid}\t{stamp}\t{member}\t{s.id}\n")
        self.vote_total = vid

    def status_change_lines(self) -> Iterator[str]:
        pk = 0
        for s in self.suggestions:
            for frm, to, actor, note, t in s.changes:
                pk += 1
                yield f"{pk}\t{frm}\t{to}\t{note}\t{ts(t)}\t{actor}\t{s.id}\n"

    def meeting_lines(self) -> Iterator[str]:
        for k, t in enumerate(self.meeting_times):
            yield f"{k + 1}\t{ts(t)}\tComité du Labo n°{k + 1}\t{ts(t - 30 * DAY)}\t{self.chair}\n"

    def agenda_lines(self) -> Iterator[str]:
        pk = 0
        for k, items in enumerate(self.agendas):
            for position, s in enumerate(items):
                pk += 1
                yield f"{pk}\t{position}\t{k + 1}\t{s.id}\n"

    def evaluation_lines(self) -> Iterator[str]:
        rng, now = self.rng, self.now
        pk = 0
        last = len(self.agendas) - 1
        for k, items in enumerate(self.agendas):
            evaluators = self.committee_ids if k < last else self.committee_ids[:3]
            at = min(self.meeting_times[k] - DAY, now - DAY)
            for s in items:
                for evaluator in evaluators:
                    pk += 1
                    scores = "\t".join(str(rng.randint(1, 5)) for _ in range(4))
                    comment = sentence(rng, 8) if rng.random() < 0.3 else ""
                    stamp = ts(at)
                    yield (
                        f"{pk}\t{scores}\t{comment}\t{stamp}\t{stamp}\t{evaluator}\t{k + 1}\t"
                        f"{s.id}\n"
                    )

    def decision_lines(self) -> Iterator[str]:
        for pk, (s, k, outcome, rationale, period, created, published) in enumerate(
            self.decisions, start=1
        ):
            pub = NULL if published is None else ts(published)
            notes = "Coût à confirmer avec la DSI."
            yield (
                f"{pk}\t{outcome}\t{rationale}\t{notes}\t{period}\t{ts(created)}\t{pub}\t"
                f"{k + 1}\t{self.chair}\t{s.id}\n"
            )

    def plan_threads(self) -> None:
        """Café threads and the discussions of suggestions, with their post counts."""
        n, rng = self.n, self.rng
        # Discussions: every agenda suggestion, and a quarter of the others (likelier when
        # voted), within the thread budget.
        on_agenda = [s for items in self.agendas for s in items]
        agenda_ids = {s.id for s in on_agenda}
        others = [s for s in self.suggestions if s.hidden is None and s.id not in agenda_ids]
        budget = min(n.threads // 8, len(on_agenda) + len(others) // 4)
        ranked_ids = {s.id: r for r, s in enumerate(self.ranked)}
        others.sort(key=lambda s: ranked_ids.get(s.id, 10**9) * rng.random())
        labo = (on_agenda + others)[:budget]
        self.labo = sorted(labo, key=lambda s: s.id)
        self.cafe_count = n.threads - len(self.labo)
        # Post counts: long support threads and well-commented suggestions first, then a
        # Pareto tail over the rest.
        long_questions = self.long_questions = max(5, round(100 * self.scale))
        commented = max(5, round(50 * self.scale))
        self.thread_posts: list[int] = []
        kinds: list[str] = []
        for i in range(self.cafe_count):
            kinds.append("QUESTION" if rng.random() < 0.65 or i < long_questions else "DISCUSSION")
        self.cafe_kinds = kinds
        counts = [0] * n.threads
        fixed = 0
        for i in range(long_questions):
            counts[i] = rng.randint(60, 120)
            fixed += counts[i]
        decided = [i for i, s in enumerate(self.labo) if s.public_response]
        for i in decided[:commented]:
            counts[self.cafe_count + i] = rng.randint(25, 60)
            fixed += counts[self.cafe_count + i]
        rest = [i for i in range(n.threads) if counts[i] == 0]
        weights = [min(rng.paretovariate(1.6), 60.0) for _ in rest]
        remaining = max(0, n.posts - fixed)
        total_w = sum(weights)
        for i, w in zip(rest, weights, strict=True):
            counts[i] = int(remaining * w / total_w)
        short = n.posts - sum(counts)
        k = 0
        while short > 0:
            counts[rest[k % len(rest)]] += 1
            short -= 1
            k += 1
        self.thread_posts = counts

    def thread_and_post_lines(self) -> tuple[list[str], list[str]]:
        rng, now = self.rng, self.now
        customers, advisers = self.customer_ids, self.adviser_ids
        threads: list[str] = []
        posts: list[str] = []
        pid = 0
        for tid0 in range(len(self.thread_posts)):
            tid = tid0 + 1
            count = self.thread_posts[tid0]
            if tid0 < self.cafe_count:
                kind = self.cafe_kinds[tid0]
                category = 1 if kind == "QUESTION" else 2
                author = customers[int(len(customers) * rng.random() ** 1.5)]
                created = now - 2 * 365 * DAY * rng.random() ** 1.5 - 3600
                if tid0 < self.long_questions:
                    created = now - 30 * DAY * rng.random() - 3600  # the long ones are recent
                title = sentence(rng, rng.randint(4, 10))[:-1] + " ?" * (kind == "QUESTION")
                body = paragraph(rng, rng.randint(1, 5))
                suggestion = NULL
            else:
                s = self.labo[tid0 - self.cafe_count]
                kind, category, author, created = "DISCUSSION", 3, s.author, s.created
                title, body, suggestion = s.title, s.body, str(s.id)
            span = min(now - created, (20 if kind == "QUESTION" else 90) * DAY)
            times = sorted(created + span * rng.random() for _ in range(count))
            first_official = NULL
            first_official_post = NULL
            last_public = created
            adviser_answered = False
            for j, t in enumerate(times):
                pid += 1
                internal = False
                if kind == "QUESTION":
                    adviser_turn = (j == 0 and rng.random() < 0.85) or rng.random() < 0.3
                    if adviser_turn:
                        p_author = rng.choice(advisers)
                        internal = rng.random() < 0.03
                    else:
                        p_author = author if rng.random() < 0.5 else rng.choice(customers)
                else:
                    adviser_turn = rng.random() < 0.1
                    p_author = rng.choice(advisers) if adviser_turn else rng.choice(customers)
                official = adviser_turn and not internal
                if official and not adviser_answered:
                    adviser_answered = True
                    first_official, first_official_post = ts(t), str(pid)
                if not internal:
                    last_public = t
                if rng.random() < 0.003 and not internal:
                    hidden = f"{ts(t + 3600)}\tMessage hors charte\t"
                    hidden_tail = str(rng.choice(advisers))
                else:
                    hidden, hidden_tail = f"{NULL}\t\t", NULL
                body_p = paragraph(rng, rng.randint(1, 4))
                posts.append(
                    f"{pid}\t{hidden}{body_p}\t{ts(t)}\t{NULL}\t{'t' if official else 'f'}\t"
                    f"{'t' if internal else 'f'}\t{p_author}\t{hidden_tail}\t{tid}\n"
                )
            resolved, accepted, assigned = NULL, NULL, NULL
            if kind == "QUESTION":
                if not adviser_answered:
                    status = "CLOSED" if rng.random() < 0.05 else "OPEN"
                    first_official = NULL
                else:
                    r = rng.random()
                    if r < 0.5:
                        status, resolved = "RESOLVED", ts(last_public + 3600)
                        if rng.random() < 0.7:
                            accepted = first_official_post
                    elif r < 0.9:
                        status = "ANSWERED"
                    else:
                        status = "CLOSED"
                if rng.random() < 0.3:
                    assigned = str(rng.choice(advisers))
            else:
                status = "CLOSED" if rng.random() < 0.1 and tid0 < self.cafe_count else "OPEN"
                first_official = NULL
            if rng.random() < 0.002 and tid0 < self.cafe_count:
                hidden = f"{ts(created + DAY)}\tHors charte\t"
                hidden_by = str(rng.choice(advisers))
            else:
                hidden, hidden_by = f"{NULL}\t\t", NULL
            pinned = "t" if tid0 < self.cafe_count and rng.random() < 0.001 else "f"
            threads.append(
                f"{tid}\t{hidden}{title}\t{body}\t{kind}\t{status}\t{pinned}\tf\t{ts(created)}\t"
                f"{ts(max(last_public, created))}\t{first_official}\t{resolved}\t{accepted}\t"
                f"{assigned}\t{author}\t{category}\t{hidden_by}\t{suggestion}\n"
            )
        return threads, posts


# --- the run ----------------------------------------------------------------------------

LOADED_TABLES = (
    "community_member",
    "community_category",
    "community_suggestion",
    "community_statuschange",
    "community_vote",
    "community_follow",
    "community_committeemeeting",
    "community_agendaitem",
    "community_evaluation",
    "community_decision",
    "community_thread",
    "community_post",
)


def recreate_database(url: str) -> None:
    """Drop the bench database if the bench created it (its marker comment), then create it
    and mark it. A database of that name without the marker stops the run, untouched."""
    check_owned(url)
    name = sql.Identifier(database_name(url))
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        if database_marker(url) is not None:
            # FORCE: a server of an interrupted run may still hold connections to it.
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, sql.Literal(OWNER_MARKER))
        )


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_POOL": "0"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def password_hash(url: str) -> str:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


def plain_indexes(conn: psycopg.Connection) -> list[tuple[str, str]]:
    """Indexes of the loaded tables that back no constraint: dropped during COPY."""
    rows = conn.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND i.indexdef NOT LIKE 'CREATE UNIQUE%%'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        (list(LOADED_TABLES),),
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def seed(scale: float, url: str, seed_value: int) -> dict[str, object]:
    started = time.monotonic()
    steps: list[tuple[str, float]] = []

    def step(label: str, since: float) -> float:
        now = time.monotonic()
        steps.append((label, now - since))
        print(f"  {label:<38} {now - since:6.1f} s", flush=True)
        return now

    print(f"Seeding {database_name(url)} at scale {scale}: {Counts.at(scale)}", flush=True)
    t = time.monotonic()
    recreate_database(url)
    migrate(url)
    t = step("create database + project migrations", t)
    hashed = password_hash(url)
    s = Seeder(scale, seed_value, time.time())
    s.plan_suggestions()
    s.plan_threads()
    t = step("plan", t)

    with psycopg.connect(url) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("SET synchronous_commit = off")
        dropped = plain_indexes(conn)
        for name, _ in dropped:
            conn.execute(f'DROP INDEX "{name}"')
        conn.commit()
        with conn.cursor() as cur:
            member_cols = cols(
                "id password last_login is_superuser username first_name last_name email "
                "is_staff is_active date_joined role display_name customer_number "
                "is_committee_chair language"
            )
            copy_lines(cur, "community_member", member_cols, s.members(hashed))
            categories = [
                "1\tQuestions & support\tquestions-support\tVos questions aux conseillers.\t1\tt\n",
                "2\tDiscussions\tdiscussions\tÉchanges entre clients.\t2\tt\n",
                "3\tLe Labo\tle-labo\tVos idées, vos votes, les décisions du comité.\t3\tf\n",
            ]
            copy_lines(
                cur,
                "community_category",
                cols("id name slug description position accepts_threads"),
                categories,
            )
            sugg_cols = cols(
                "id hidden_at hidden_reason title body status public_response target_period "
                "created_at updated_at vote_count author_id duplicate_of_id hidden_by_id"
            )
            copy_lines(cur, "community_suggestion", sugg_cols, s.suggestion_lines())
            copy_lines(
                cur,
                "community_statuschange",
                cols("id from_status to_status public_note created_at actor_id suggestion_id"),
                s.status_change_lines(),
            )
            conn.commit()
            t = step("members, suggestions, status changes", t)
            vote_cols = cols("id created_at member_id suggestion_id")
            copy_lines(cur, "community_vote", vote_cols, s.vote_lines())
            conn.commit()
            t = step(f"votes ({s.vote_total:,})", t)
            copy_lines(cur, "community_follow", vote_cols, s.follow_pairs)
            conn.commit()
            s.follow_pairs = []
            t = step("follows (one per vote)", t)
            copy_lines(
                cur,
                "community_committeemeeting",
                cols("id scheduled_for title created_at chair_id"),
                s.meeting_lines(),
            )
            copy_lines(
                cur,
                "community_agendaitem",
                cols("id position meeting_id suggestion_id"),
                s.agenda_lines(),
            )
            eval_cols = cols(
                "id customer_benefit technical_feasibility cost time_to_deliver comment "
                "created_at updated_at evaluator_id meeting_id suggestion_id"
            )
            copy_lines(cur, "community_evaluation", eval_cols, s.evaluation_lines())
            decision_cols = cols(
                "id outcome public_rationale internal_notes target_period created_at "
                "published_at meeting_id recorded_by_id suggestion_id"
            )
            copy_lines(cur, "community_decision", decision_cols, s.decision_lines())
            conn.commit()
            t = step("meetings, agendas, evaluations, decisions", t)
            threads, posts = s.thread_and_post_lines()
            t = step("generate threads and posts", t)
            # Threads point at their accepted post and posts at their thread: both in one
            # transaction (Django's foreign keys are DEFERRABLE INITIALLY DEFERRED).
            thread_cols = cols(
                "id hidden_at hidden_reason title body kind status is_pinned is_locked "
                "created_at last_activity_at first_response_at resolved_at accepted_post_id "
                "assigned_adviser_id author_id category_id hidden_by_id suggestion_id"
            )
            copy_lines(cur, "community_thread", thread_cols, threads)
            post_cols = cols(
                "id hidden_at hidden_reason body created_at edited_at is_official is_internal "
                "author_id hidden_by_id thread_id"
            )
            copy_lines(cur, "community_post", post_cols, posts)
            conn.commit()
            t = step(f"threads ({len(threads):,}) and posts ({len(posts):,})", t)
        for table in LOADED_TABLES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
        conn.commit()
    # Rebuild the dropped indexes two at a time (one per core).
    rebuild(url, [d for _, d in dropped])
    t = step(f"rebuild {len(dropped)} indexes", t)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        conn.execute("CHECKPOINT")
    t = step("vacuum analyze, checkpoint", t)
    summary = check(url)
    elapsed = time.monotonic() - started
    print(f"Seeded scale {scale} in {elapsed:.1f} s", flush=True)
    return {"scale": scale, "seconds": round(elapsed, 1), "steps": steps, **summary}


def rebuild(url: str, definitions: list[str]) -> None:
    import threading

    # Largest first, so the two workers finish together.
    order = sorted(definitions, key=lambda d: ("gin" not in d, "community_post" not in d))
    lock = threading.Lock()

    def worker() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            conn.execute("SET max_parallel_maintenance_workers = 0")
            while True:
                with lock:
                    if not order:
                        return
                    definition = order.pop(0)
                conn.execute(definition)

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def check(url: str) -> dict[str, object]:
    """Counts per table, and the invariant: every stored vote count equals its rows."""
    with psycopg.connect(url) as conn:
        counts = {
            table.removeprefix("community_"): conn.execute(
                f"SELECT count(*) FROM {table}"
            ).fetchone()[0]  # type: ignore[index]
            for table in LOADED_TABLES
        }
        wrong = conn.execute(
            """
            SELECT count(*) FROM community_suggestion s
            LEFT JOIN (SELECT suggestion_id, count(*) AS n FROM community_vote
                       GROUP BY suggestion_id) v ON v.suggestion_id = s.id
            WHERE s.vote_count <> coalesce(v.n, 0)
            """
        ).fetchone()[0]  # type: ignore[index]
        dist = conn.execute(
            """
            SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY vote_count),
                   percentile_disc(0.9) WITHIN GROUP (ORDER BY vote_count),
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY vote_count),
                   max(vote_count)
            FROM community_suggestion
            """
        ).fetchone()
        recent = conn.execute(
            "SELECT count(*) FILTER (WHERE created_at > now() - interval '1 day'), "
            "count(*) FILTER (WHERE created_at > now() - interval '7 days') FROM community_vote"
        ).fetchone()
    assert dist is not None and recent is not None
    print(
        "  rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()),
        flush=True,
    )
    print(
        f"  votes per suggestion: p50 {dist[0]}, p90 {dist[1]}, p99 {dist[2]}, max {dist[3]}; "
        f"votes of the last 24 h: {recent[0]:,}, of the last 7 days: {recent[1]:,}",
        flush=True,
    )
    print(f"  suggestions whose stored count differs from their vote rows: {wrong}", flush=True)
    if wrong:
        raise SystemExit("stored vote counts differ from the vote rows")
    return {
        "rows": counts,
        "vote_count_p50_p90_p99_max": list(dist),
        "votes_last_24h": recent[0],
        "votes_last_7d": recent[1],
        "wrong_counts": wrong,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20140301)
    parser.add_argument("--database-url", default=database_url())
    args = parser.parse_args(argv)
    if not math.isfinite(args.scale) or args.scale <= 0:
        parser.error("--scale must be positive")
    # Run on its own, as a deployment would (DEBUG off needs a key; nothing signed is kept).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    with run_lock(args.database_url):
        seed(args.scale, args.database_url, args.seed)


if __name__ == "__main__":
    main()
